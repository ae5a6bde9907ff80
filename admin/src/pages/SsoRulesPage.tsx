import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { type GroupChoice, GroupPicker } from '../components/group-picker';
import { BlockedReason, ConfirmDialog, Empty, ErrorNotice, Loading, ManagedByBadge, Status, TableScroll, When, licenseLabel } from '../components/ui';
import { graphql } from '../gql';
import type { SsoMappingRuleRowFragment, SsoMatchType, TrySsoSignInMutation } from '../gql/graphql';
import { useWriteBlock } from '../viewer';

graphql(`
  fragment SsoMappingRuleRow on SsoMappingRule {
    id
    claimValue
    matchType
    updatedAt
    group {
      id
      displayName
      managedBy
    }
  }
`);

const SsoRulesDocument = graphql(`
  query SsoRulesPage {
    ssoMappingRules {
      ...SsoMappingRuleRow
    }
  }
`);

const CreateSsoMappingRuleDocument = graphql(`
  mutation CreateSsoMappingRule($input: CreateSsoMappingRuleInput!) {
    createSsoMappingRule(input: $input) {
      ssoMappingRule {
        ...SsoMappingRuleRow
      }
    }
  }
`);

const UpdateSsoMappingRuleDocument = graphql(`
  mutation UpdateSsoMappingRule($input: UpdateSsoMappingRuleInput!) {
    updateSsoMappingRule(input: $input) {
      ssoMappingRule {
        ...SsoMappingRuleRow
      }
    }
  }
`);

const DeleteSsoMappingRuleDocument = graphql(`
  mutation DeleteSsoMappingRule($input: DeleteSsoMappingRuleInput!) {
    deleteSsoMappingRule(input: $input) {
      deletedSsoMappingRuleId
    }
  }
`);

const TrySsoSignInDocument = graphql(`
  mutation TrySsoSignIn($input: ResolveSsoSignInInput!) {
    resolveSsoSignIn(input: $input) {
      dryRun
      created
      appliedRules
      reason
      licenseType
      licenseSource
      user {
        id
        userName
        email
        managedBy
        state
      }
      matchedGroups {
        id
        displayName
      }
      addedGroups {
        id
        displayName
      }
      removedGroups {
        id
        displayName
      }
      skippedGroups {
        id
        displayName
      }
      groups {
        id
        displayName
      }
    }
  }
`);

const CHANGE_TYPES = { additionalTypenames: ['SsoMappingRule'] };

export function SsoRulesPage() {
  const [{ data, error, fetching }] = useQuery({ query: SsoRulesDocument, context: CHANGE_TYPES });
  const block = useWriteBlock();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SsoMappingRuleRowFragment | null>(null);
  const rules = data?.ssoMappingRules ?? [];
  return (
    <>
      <h1>SSO mapping rules</h1>
      <p className="lead">
        At SSO sign-in, each value of the assertion’s groups claim that matches a rule adds the person to the rule’s group. Rules apply only
        to people who are not SCIM-managed: for SCIM-managed users, group membership comes from your IdP’s SCIM pushes.
      </p>
      <BlockedReason reason={block} />
      <CreateRuleForm block={block} />
      {fetching && !data && <Loading what="SSO mapping rules" />}
      <ErrorNotice error={error} title="Could not load the SSO mapping rules" />
      {data && rules.length === 0 && <Empty>No SSO mapping rules yet: sign-ins change nobody’s groups.</Empty>}
      {rules.length > 0 && (
        <TableScroll label="SSO mapping rules">
          <table>
            <caption className="sr-only">SSO mapping rules by claim value</caption>
            <thead>
              <tr>
                <th scope="col">Claim value</th>
                <th scope="col">Match</th>
                <th scope="col">Group</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) =>
                editing === r.id ? (
                  <EditRuleRow key={r.id} rule={r} onDone={() => setEditing(null)} />
                ) : (
                  <tr key={r.id}>
                    <th scope="row">
                      <code>{r.claimValue}</code>
                    </th>
                    <td>{r.matchType === 'EXACT' ? 'exact' : 'pattern'}</td>
                    <td>
                      <Link to={`/groups/${r.group.id}`}>{r.group.displayName}</Link> <ManagedByBadge managedBy={r.group.managedBy} />
                    </td>
                    <td>
                      <When at={r.updatedAt} />
                    </td>
                    <td className="row-actions">
                      <button type="button" className="secondary" disabled={!!block} onClick={() => setEditing(r.id)} aria-label={`Edit rule ${r.claimValue}`}>
                        Edit
                      </button>
                      <button type="button" className="danger" disabled={!!block} onClick={() => setDeleting(r)} aria-label={`Delete rule ${r.claimValue}`}>
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
      <TrySignInPanel />
      {deleting && <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}

function MatchSelect({ id, value, onChange, disabled }: { id: string; value: SsoMatchType; onChange(v: SsoMatchType): void; disabled?: boolean }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as SsoMatchType)} disabled={disabled}>
      <option value="EXACT">Exact (ignoring case)</option>
      <option value="PATTERN">Pattern (* and ?, ignoring case)</option>
    </select>
  );
}

function CreateRuleForm({ block }: { block: string | null }) {
  const [state, create] = useMutation(CreateSsoMappingRuleDocument);
  const [claimValue, setClaimValue] = useState('');
  const [matchType, setMatchType] = useState<SsoMatchType>('EXACT');
  const [group, setGroup] = useState({ text: '', id: '' });
  const groupId = group.id;
  const ids = { claim: useId(), match: useId(), group: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { claimValue: claimValue.trim(), matchType, groupId } }, CHANGE_TYPES);
    if (result.data) setClaimValue('');
  };
  return (
    <form className="inline-form card" onSubmit={submit} aria-label="Add an SSO mapping rule">
      <div className="field">
        <label htmlFor={ids.claim}>Claim value</label>
        <input id={ids.claim} value={claimValue} onChange={(e) => setClaimValue(e.target.value)} placeholder="eng-* or Engineering" required disabled={!!block} />
      </div>
      <div className="field">
        <label htmlFor={ids.match}>Match</label>
        <MatchSelect id={ids.match} value={matchType} onChange={setMatchType} disabled={!!block} />
      </div>
      <div className="field">
        <label htmlFor={ids.group}>Adds to group</label>
        <GroupPicker id={ids.group} value={group.text} onChange={(text, g) => setGroup({ text, id: g?.id ?? '' })} required disabled={!!block} />
      </div>
      <button type="submit" disabled={!!block || state.fetching || !claimValue.trim() || !groupId}>
        Add rule
      </button>
      <ErrorNotice error={state.error} title="The rule was not added" />
      {state.data && !state.error && <Status>Rule added.</Status>}
    </form>
  );
}

function EditRuleRow({ rule, onDone }: { rule: SsoMappingRuleRowFragment; onDone(): void }) {
  const [state, update] = useMutation(UpdateSsoMappingRuleDocument);
  const [claimValue, setClaimValue] = useState(rule.claimValue);
  const [matchType, setMatchType] = useState<SsoMatchType>(rule.matchType);
  const [group, setGroup] = useState({ text: rule.group.displayName, id: rule.group.id });
  const groupId = group.id;
  const ids = { claim: useId(), match: useId(), group: useId() };
  const save = async () => {
    const result = await update({ input: { id: rule.id, claimValue: claimValue.trim(), matchType, groupId } }, CHANGE_TYPES);
    if (result.data) onDone();
  };
  return (
    <tr>
      <th scope="row">
        <label htmlFor={ids.claim} className="sr-only">
          Claim value
        </label>
        <input id={ids.claim} value={claimValue} onChange={(e) => setClaimValue(e.target.value)} autoFocus />
      </th>
      <td>
        <label htmlFor={ids.match} className="sr-only">
          Match
        </label>
        <MatchSelect id={ids.match} value={matchType} onChange={setMatchType} />
      </td>
      <td>
        <label htmlFor={ids.group} className="sr-only">
          Group
        </label>
        <GroupPicker id={ids.group} value={group.text} onChange={(text, g) => setGroup({ text, id: g?.id ?? '' })} />
        <ErrorNotice error={state.error} title="Not saved" />
      </td>
      <td />
      <td className="row-actions">
        <button type="button" onClick={save} disabled={state.fetching || !claimValue.trim() || !groupId}>
          Save
        </button>
        <button type="button" className="secondary" onClick={onDone} data-read="">
          Cancel
        </button>
      </td>
    </tr>
  );
}

function DeleteRuleDialog({ rule, onClose }: { rule: SsoMappingRuleRowFragment; onClose(): void }) {
  const [state, remove] = useMutation(DeleteSsoMappingRuleDocument);
  return (
    <ConfirmDialog
      title={`Delete the rule for “${rule.claimValue}”?`}
      confirmLabel="Delete rule"
      busy={state.fetching}
      error={state.error}
      onClose={onClose}
      onConfirm={async () => {
        const result = await remove({ input: { id: rule.id } }, CHANGE_TYPES);
        if (result.data) onClose();
      }}
    >
      <p>Sign-ins stop adding people to {rule.group.displayName} for this claim value. Current members stay until their next sign-in.</p>
    </ConfirmDialog>
  );
}

function GroupList({ groups, empty }: { groups: GroupChoice[]; empty: string }) {
  if (groups.length === 0) return <span className="muted">{empty}</span>;
  return <span>{groups.map((g) => g.displayName).join(', ')}</span>;
}

/** resolveSsoSignIn with dryRun: what a sign-in would do, computed by the server, stored nowhere. */
function TrySignInPanel() {
  const block = useWriteBlock();
  const [state, run] = useMutation(TrySsoSignInDocument);
  const [email, setEmail] = useState('');
  const [claims, setClaims] = useState('');
  const ids = { email: useId(), claims: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const groups = claims
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean);
    void run({ input: { email: email.trim(), groups, dryRun: true } });
  };
  const result = state.data?.resolveSsoSignIn;
  const reason = block ? `${block} Trying a sign-in calls resolveSsoSignIn, which needs one even as a dry run.` : null;
  return (
    <section aria-labelledby="sso-try" className="card">
      <h2 id="sso-try">Try a sign-in</h2>
      <p>See which groups and license a person would get from an SSO sign-in with these claims. Nothing is stored.</p>
      <BlockedReason reason={reason} />
      <form onSubmit={submit}>
        <div className="field-row">
          <div className="field">
            <label htmlFor={ids.email}>Email</label>
            <input id={ids.email} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required disabled={!!block} />
          </div>
          <div className="field">
            <label htmlFor={ids.claims}>Groups claim (one value per line or comma-separated)</label>
            <textarea id={ids.claims} value={claims} onChange={(e) => setClaims(e.target.value)} rows={3} disabled={!!block} />
          </div>
        </div>
        <div className="actions">
          <button type="submit" disabled={!!block || state.fetching || !email.trim()}>
            {state.fetching ? 'Trying…' : 'Try sign-in'}
          </button>
        </div>
      </form>
      <ErrorNotice error={state.error} title="The sign-in could not be tried" />
      {result && <TryResult result={result} />}
    </section>
  );
}

function TryResult({ result }: { result: TrySsoSignInMutation['resolveSsoSignIn'] }) {
  return (
    <div className="try-result" role="status" aria-live="polite" data-testid="sso-try-result">
      <h3>Result (dry run)</h3>
      {result.reason === 'SCIM_MANAGED' && (
        <p className="notice notice-warning">
          <strong>{result.user.userName} is SCIM-managed:</strong> SSO mapping rules do not apply. Their groups come from your IdP’s SCIM
          pushes, and this sign-in changes none of them.
        </p>
      )}
      {result.reason === 'USER_DEACTIVATED' && (
        <p className="notice notice-warning">
          <strong>{result.user.userName} is deactivated:</strong> rules are not applied.
        </p>
      )}
      <dl className="attributes">
        <dt>Person</dt>
        <dd>
          {result.created ? (
            <>{result.user.email ?? result.user.userName} would be created (a manual user) just in time</>
          ) : (
            <>
              <Link to={`/users/${result.user.id}`}>{result.user.userName}</Link> (exists, <ManagedByBadge managedBy={result.user.managedBy} />)
            </>
          )}
        </dd>
        <dt>Rules applied</dt>
        <dd>{result.appliedRules ? 'yes' : 'no'}</dd>
        <dt>Matched groups</dt>
        <dd data-testid="sso-matched">
          <GroupList groups={result.matchedGroups} empty="none" />
        </dd>
        <dt>Would be added to</dt>
        <dd data-testid="sso-added">
          <GroupList groups={result.addedGroups} empty="none" />
        </dd>
        <dt>Would be removed from</dt>
        <dd data-testid="sso-removed">
          <GroupList groups={result.removedGroups} empty="none" />
        </dd>
        {result.skippedGroups.length > 0 && (
          <>
            <dt>Left alone (SCIM-managed groups, manual updates off)</dt>
            <dd>
              <GroupList groups={result.skippedGroups} empty="none" />
            </dd>
          </>
        )}
        <dt>Groups afterwards</dt>
        <dd data-testid="sso-groups">
          <GroupList groups={result.groups} empty="none" />
        </dd>
        <dt>License</dt>
        <dd data-testid="sso-license">
          {licenseLabel(result.licenseType)}
          {result.licenseSource && <span className="muted"> (from {result.licenseSource.toLowerCase()})</span>}
        </dd>
      </dl>
    </div>
  );
}
