import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { GroupPicker } from '../components/group-picker';
import { BlockedReason, ConfirmDialog, Empty, ErrorNotice, LICENSE_TYPES, Loading, Status, TableScroll, When, licenseLabel, type License } from '../components/ui';
import { graphql } from '../gql';
import type { LicenseMappingRowFragment } from '../gql/graphql';
import { useViewer, useWriteBlock } from '../viewer';

graphql(`
  fragment LicenseMappingRow on LicenseMapping {
    id
    groupName
    licenseType
    createdAt
    updatedAt
  }
`);

const LicenseMappingsDocument = graphql(`
  query LicenseMappingsPage {
    licenseMappings {
      ...LicenseMappingRow
    }
  }
`);

const CreateLicenseMappingDocument = graphql(`
  mutation CreateLicenseMapping($input: CreateLicenseMappingInput!) {
    createLicenseMapping(input: $input) {
      usersChanged
      licenseMapping {
        ...LicenseMappingRow
      }
    }
  }
`);

const UpdateLicenseMappingDocument = graphql(`
  mutation UpdateLicenseMapping($input: UpdateLicenseMappingInput!) {
    updateLicenseMapping(input: $input) {
      usersChanged
      licenseMapping {
        ...LicenseMappingRow
      }
    }
  }
`);

const DeleteLicenseMappingDocument = graphql(`
  mutation DeleteLicenseMapping($input: DeleteLicenseMappingInput!) {
    deleteLicenseMapping(input: $input) {
      usersChanged
      deletedLicenseMappingId
    }
  }
`);

const CHANGE_TYPES = { additionalTypenames: ['LicenseMapping', 'User'] };

const usersChangedText = (n: number) => (n === 1 ? '1 user’s license changed.' : `${n} users’ licenses changed.`);

export function LicenseMappingsPage() {
  const { settings } = useViewer().account;
  const [{ data, error, fetching }] = useQuery({ query: LicenseMappingsDocument, context: CHANGE_TYPES });
  const block = useWriteBlock();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<LicenseMappingRowFragment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const mappings = data?.licenseMappings ?? [];
  return (
    <>
      <h1>License mappings</h1>
      <p className="lead">
        Members of a group with a mapped name get that license; when a user is in several mapped groups the best license wins (Developer,
        Analyst, IT, Read-only). Users no mapping covers get the default license. Mapping a name that no group has yet is fine: it applies
        once your IdP pushes that group.
      </p>
      {settings.scimLicenseManagement && (
        <p className="notice notice-warning" role="note">
          <strong>These mappings are inactive:</strong> SCIM license management is on, so the SCIM <code>licenseType</code> attribute decides
          every user’s license. Turn it off in <Link to="/scim">SCIM setup</Link> to use the mappings.
        </p>
      )}
      <BlockedReason reason={block} />
      <CreateMappingForm block={block} onDone={setMessage} />
      {message && <Status>{message}</Status>}
      {fetching && !data && <Loading what="license mappings" />}
      <ErrorNotice error={error} title="Could not load the license mappings" />
      {data && mappings.length === 0 && <Empty>No license mappings yet: every user gets the default license ({licenseLabel(settings.defaultLicenseType)}).</Empty>}
      {mappings.length > 0 && (
        <TableScroll label="License mappings">
          <table>
            <caption className="sr-only">License mappings by group name</caption>
            <thead>
              <tr>
                <th scope="col">Group name</th>
                <th scope="col">License</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {mappings.map((m) =>
                editing === m.id ? (
                  <EditMappingRow key={m.id} mapping={m} onDone={(text) => (setEditing(null), text && setMessage(text))} />
                ) : (
                  <tr key={m.id}>
                    <th scope="row">{m.groupName}</th>
                    <td>{licenseLabel(m.licenseType)}</td>
                    <td>
                      <When at={m.updatedAt} />
                    </td>
                    <td className="row-actions">
                      <button type="button" className="secondary" disabled={!!block} onClick={() => setEditing(m.id)} aria-label={`Edit mapping ${m.groupName}`}>
                        Edit
                      </button>
                      <button type="button" className="danger" disabled={!!block} onClick={() => setDeleting(m)} aria-label={`Delete mapping ${m.groupName}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </TableScroll>
      )}
      {deleting && <DeleteMappingDialog mapping={deleting} onClose={(text) => (setDeleting(null), text && setMessage(text))} />}
    </>
  );
}

function LicenseSelect({ id, value, onChange, disabled }: { id: string; value: License; onChange(v: License): void; disabled?: boolean }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as License)} disabled={disabled}>
      {LICENSE_TYPES.map((l) => (
        <option key={l} value={l}>
          {licenseLabel(l)}
        </option>
      ))}
    </select>
  );
}

function CreateMappingForm({ block, onDone }: { block: string | null; onDone(text: string): void }) {
  const [state, create] = useMutation(CreateLicenseMappingDocument);
  const [groupName, setGroupName] = useState('');
  const [license, setLicense] = useState<License>('DEVELOPER');
  const ids = { name: useId(), license: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { groupName: groupName.trim(), licenseType: license } }, CHANGE_TYPES);
    if (result.data) {
      setGroupName('');
      onDone(`Mapping for “${result.data.createLicenseMapping.licenseMapping.groupName}” added. ${usersChangedText(result.data.createLicenseMapping.usersChanged)}`);
    }
  };
  return (
    <form className="inline-form card" onSubmit={submit} aria-label="Add a license mapping">
      <div className="field">
        <label htmlFor={ids.name}>Group name</label>
        <GroupPicker id={ids.name} value={groupName} onChange={setGroupName} anyName required disabled={!!block} />
      </div>
      <div className="field">
        <label htmlFor={ids.license}>License</label>
        <LicenseSelect id={ids.license} value={license} onChange={setLicense} disabled={!!block} />
      </div>
      <button type="submit" disabled={!!block || state.fetching || !groupName.trim()}>
        Add mapping
      </button>
      <ErrorNotice error={state.error} title="The mapping was not added" />
    </form>
  );
}

function EditMappingRow({ mapping, onDone }: { mapping: LicenseMappingRowFragment; onDone(text: string | null): void }) {
  const [state, update] = useMutation(UpdateLicenseMappingDocument);
  const [groupName, setGroupName] = useState(mapping.groupName);
  const [license, setLicense] = useState<License>(mapping.licenseType);
  const ids = { name: useId(), license: useId() };
  const save = async () => {
    const result = await update(
      {
        input: {
          id: mapping.id,
          ...(groupName.trim() !== mapping.groupName ? { groupName: groupName.trim() } : {}),
          ...(license !== mapping.licenseType ? { licenseType: license } : {}),
        },
      },
      CHANGE_TYPES,
    );
    if (result.data) onDone(`Mapping saved. ${usersChangedText(result.data.updateLicenseMapping.usersChanged)}`);
  };
  return (
    <tr>
      <th scope="row">
        <label htmlFor={ids.name} className="sr-only">
          Group name
        </label>
        <GroupPicker id={ids.name} value={groupName} onChange={setGroupName} anyName autoFocus />
      </th>
      <td>
        <label htmlFor={ids.license} className="sr-only">
          License
        </label>
        <LicenseSelect id={ids.license} value={license} onChange={setLicense} />
      </td>
      <td>
        <ErrorNotice error={state.error} title="Not saved" />
      </td>
      <td className="row-actions">
        <button type="button" onClick={save} disabled={state.fetching || !groupName.trim()}>
          Save
        </button>
        <button type="button" className="secondary" onClick={() => onDone(null)} data-read="">
          Cancel
        </button>
      </td>
    </tr>
  );
}

function DeleteMappingDialog({ mapping, onClose }: { mapping: LicenseMappingRowFragment; onClose(text: string | null): void }) {
  const [state, remove] = useMutation(DeleteLicenseMappingDocument);
  return (
    <ConfirmDialog
      title={`Delete the mapping for “${mapping.groupName}”?`}
      confirmLabel="Delete mapping"
      busy={state.fetching}
      error={state.error}
      onClose={() => onClose(null)}
      onConfirm={async () => {
        const result = await remove({ input: { id: mapping.id } }, CHANGE_TYPES);
        if (result.data) onClose(`Mapping deleted. ${usersChangedText(result.data.deleteLicenseMapping.usersChanged)}`);
      }}
    >
      <p>Members of “{mapping.groupName}” lose the {licenseLabel(mapping.licenseType)} license unless another mapping or the default gives them one.</p>
    </ConfirmDialog>
  );
}
