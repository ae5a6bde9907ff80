import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import {
  BlockedReason,
  ConfirmDialog,
  CopyField,
  Dialog,
  Empty,
  ErrorNotice,
  LICENSE_TYPES,
  Loading,
  Pager,
  Status,
  TableScroll,
  When,
  licenseLabel,
  useCursorPager,
  type License,
} from '../components/ui';
import { graphql } from '../gql';
import type { ScimTokenFieldsFragment, UpdateAccountSettingsInput } from '../gql/graphql';
import { ViewerDocument, useViewer, useWriteBlock } from '../viewer';

graphql(`
  fragment ScimTokenFields on ScimToken {
    id
    name
    prefix
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
    state
  }
`);

const ScimTokensDocument = graphql(`
  query ScimTokens($first: Int, $after: String) {
    scimTokens(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ScimTokenFields
        }
      }
    }
  }
`);

const UpdateAccountSettingsDocument = graphql(`
  mutation UpdateAccountSettings($input: UpdateAccountSettingsInput!) {
    updateAccountSettings(input: $input) {
      changedSettings
      licensesChanged
      account {
        id
        settings {
          scimEnabled
          allowManualUpdates
          scimLicenseManagement
          defaultLicenseType
          userNameMustMatchEmail
          ipAllowlistEnforced
        }
      }
    }
  }
`);

const CreateScimTokenDocument = graphql(`
  mutation CreateScimToken($input: CreateScimTokenInput!) {
    createScimToken(input: $input) {
      token
      scimToken {
        ...ScimTokenFields
      }
    }
  }
`);

const RotateScimTokenDocument = graphql(`
  mutation RotateScimToken($input: RotateScimTokenInput!) {
    rotateScimToken(input: $input) {
      token
      scimToken {
        ...ScimTokenFields
      }
      previousScimToken {
        ...ScimTokenFields
      }
    }
  }
`);

const RevokeScimTokenDocument = graphql(`
  mutation RevokeScimToken($input: RevokeTokenInput!) {
    revokeScimToken(input: $input) {
      scimToken {
        ...ScimTokenFields
      }
    }
  }
`);

const PAGE_SIZE = 25;

export function ScimSetupPage() {
  const viewer = useViewer();
  const baseUrl = `${window.location.origin}/scim/v2/accounts/${viewer.account.id}`;
  return (
    <>
      <h1>SCIM setup</h1>
      <p className="lead">
        Connect your identity provider (Okta, Microsoft Entra ID or any SCIM client): enable SCIM, give the IdP the base URL and a SCIM
        token, then choose how Roster treats what the IdP manages.
      </p>
      <EnableScimSection />
      <section aria-labelledby="scim-base-url">
        <h2 id="scim-base-url">2. SCIM base URL</h2>
        <CopyField
          label="SCIM base URL"
          value={baseUrl}
          hint={
            <>
              Okta: <em>SCIM connector base URL</em>; Entra ID: <em>Tenant URL</em>. The unique identifier field for users is{' '}
              <code>userName</code>.
            </>
          }
        />
      </section>
      <ScimTokensSection />
      <SettingsSection />
    </>
  );
}

/**
 * updateAccountSettings, then the viewer (which every page reads the settings from) fetched again before the
 * change is reported, so a switch never shows "Saved." next to its old position. Until then the switch shows what
 * was asked.
 */
function useSettingsMutation() {
  const client = useClient();
  const [state, update] = useMutation(UpdateAccountSettingsDocument);
  const [field, setField] = useState<keyof UpdateAccountSettingsInput | null>(null);
  const [asked, setAsked] = useState<UpdateAccountSettingsInput | null>(null);
  const [refreshed, setRefreshed] = useState(false);
  const run = async (input: UpdateAccountSettingsInput) => {
    setField(Object.keys(input)[0] as keyof UpdateAccountSettingsInput);
    setAsked(input);
    setRefreshed(false);
    const result = await update({ input });
    if (!result.error) await client.query(ViewerDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    setAsked(null);
    setRefreshed(true);
    return result;
  };
  const busy = state.fetching || asked !== null;
  return { state, field, run, asked, busy, done: refreshed && !busy };
}

function EnableScimSection() {
  const { settings } = useViewer().account;
  const block = useWriteBlock();
  const { state, run, busy } = useSettingsMutation();
  const on = settings.scimEnabled;
  return (
    <section aria-labelledby="scim-enabled">
      <h2 id="scim-enabled">1. SCIM provisioning</h2>
      <p>
        <span className={on ? 'badge badge-on' : 'badge badge-off'}>{on ? 'Enabled' : 'Disabled'}</span>{' '}
        {on
          ? 'The SCIM endpoint accepts requests from your IdP.'
          : 'The SCIM endpoint refuses every request until you enable it. Users and groups already here are kept.'}
      </p>
      <div className="actions">
        <button type="button" className={on ? 'secondary' : undefined} disabled={!!block} aria-busy={busy} onClick={() => !busy && run({ scimEnabled: !on })}>
          {on ? 'Disable SCIM' : 'Enable SCIM'}
        </button>
      </div>
      <BlockedReason reason={block} />
      <ErrorNotice error={state.error} title="SCIM was not changed" />
    </section>
  );
}

function ScimTokensSection() {
  const pager = useCursorPager('tokens');
  const [{ data, error, fetching }] = useQuery({ query: ScimTokensDocument, variables: { first: PAGE_SIZE, after: pager.after } });
  const block = useWriteBlock();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'rotate' | 'revoke'; token: ScimTokenFieldsFragment } | null>(null);
  const tokens = data?.scimTokens.edges.map((e) => e.node) ?? [];
  return (
    <section aria-labelledby="scim-tokens">
      <h2 id="scim-tokens">3. SCIM tokens</h2>
      <p>
        The IdP sends a SCIM token as its bearer token (Okta: <em>Authorization</em>; Entra ID: <em>Secret token</em>). Use one token per IdP
        connection and rotate them regularly: replace the token in your IdP before the old one stops working.
      </p>
      <div className="actions">
        <button type="button" onClick={() => setDialog({ kind: 'create' })} disabled={!!block}>
          Create SCIM token
        </button>
      </div>
      <BlockedReason reason={block} />
      {fetching && !data && <Loading what="SCIM tokens" />}
      <ErrorNotice error={error} title="Could not load the SCIM tokens" />
      {data && tokens.length === 0 && <Empty>No SCIM tokens yet. Create one for your IdP.</Empty>}
      {tokens.length > 0 && (
        <TableScroll label="SCIM tokens">
          <table>
            <caption className="sr-only">SCIM tokens, newest first ({data?.scimTokens.totalCount})</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>
                    <When at={t.createdAt} />
                  </td>
                  <td>
                    <When at={t.lastUsedAt} empty="never" />
                  </td>
                  <td>
                    <When at={t.expiresAt} empty="never" />
                  </td>
                  <td>
                    <span className={`badge badge-token-${t.state.toLowerCase()}`}>{t.state.toLowerCase()}</span>
                  </td>
                  <td className="row-actions">
                    {t.state === 'ACTIVE' && (
                      <>
                        <button type="button" className="secondary" disabled={!!block} onClick={() => setDialog({ kind: 'rotate', token: t })} aria-label={`Rotate ${t.name}`}>
                          Rotate
                        </button>
                        <button type="button" className="danger" disabled={!!block} onClick={() => setDialog({ kind: 'revoke', token: t })} aria-label={`Revoke ${t.name}`}>
                          Revoke
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <Pager pager={pager} pageInfo={data?.scimTokens.pageInfo} label="SCIM tokens" />
      {dialog?.kind === 'create' && <CreateTokenDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rotate' && <RotateTokenDialog token={dialog.token} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'revoke' && <RevokeTokenDialog token={dialog.token} onClose={() => setDialog(null)} />}
    </section>
  );
}

/** The secret, once: copy it now, it is stored only as a digest. */
function SecretOnce({ secret, onClose }: { secret: string; onClose(): void }) {
  return (
    <>
      <p className="notice notice-warning" role="note">
        Copy the token now and store it securely: <strong>it will not be shown again</strong> after you close this window. If you lose it,
        create a new token.
      </p>
      <CopyField label="SCIM token" value={secret} />
      <div className="actions">
        <button type="button" onClick={onClose} data-read="">
          Done, I copied it
        </button>
      </div>
    </>
  );
}

function CreateTokenDialog({ onClose }: { onClose(): void }) {
  const [state, create] = useMutation(CreateScimTokenDocument);
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const nameId = useId();
  const expiresId = useId();
  const secret = state.data?.createScimToken.token;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create({ input: { name: name.trim(), expiresAt: expires ? new Date(`${expires}T00:00:00Z`).toISOString() : null } });
  };
  return (
    <Dialog title={secret ? `SCIM token “${state.data?.createScimToken.scimToken.name}” created` : 'Create SCIM token'} onClose={onClose}>
      {secret ? (
        <SecretOnce secret={secret} onClose={onClose} />
      ) : (
        <form onSubmit={submit}>
          <div className="field">
            <label htmlFor={nameId}>Token name</label>
            <input id={nameId} required value={name} onChange={(e) => setName(e.target.value)} placeholder="Okta production" autoFocus />
            <p className="hint">Name it after where it is used, so you recognize it in the list and in the provisioning log.</p>
          </div>
          <div className="field">
            <label htmlFor={expiresId}>Expires on (optional, 00:00 UTC)</label>
            <input id={expiresId} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </div>
          <ErrorNotice error={state.error} title="The token was not created" />
          <div className="actions">
            <button type="submit" disabled={state.fetching || !name.trim()}>
              {state.fetching ? 'Creating…' : 'Save'}
            </button>
            <button type="button" className="secondary" onClick={onClose} data-read="">
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

const OVERLAPS = [
  { value: '', label: 'Until I revoke it' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
];

function RotateTokenDialog({ token, onClose }: { token: ScimTokenFieldsFragment; onClose(): void }) {
  const [state, rotate] = useMutation(RotateScimTokenDocument);
  const [overlap, setOverlap] = useState('86400');
  const overlapId = useId();
  const result = state.data?.rotateScimToken;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void rotate({ input: { id: token.id, overlapSeconds: overlap ? Number(overlap) : null } });
  };
  return (
    <Dialog title={result ? `New token for “${token.name}”` : `Rotate “${token.name}”`} onClose={onClose}>
      {result ? (
        <>
          <p>
            The old token ({token.prefix}…){' '}
            {result.previousScimToken.expiresAt ? (
              <>
                keeps working until <When at={result.previousScimToken.expiresAt} />
              </>
            ) : (
              'keeps working until you revoke it'
            )}
            . Put the new token into your IdP before then.
          </p>
          <SecretOnce secret={result.token} onClose={onClose} />
        </>
      ) : (
        <form onSubmit={submit}>
          <p>A new token replaces this one. The old token keeps working through the overlap, so your IdP can switch without a gap.</p>
          <div className="field">
            <label htmlFor={overlapId}>Old token keeps working</label>
            <select id={overlapId} value={overlap} onChange={(e) => setOverlap(e.target.value)}>
              {OVERLAPS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <ErrorNotice error={state.error} title="The token was not rotated" />
          <div className="actions">
            <button type="submit" disabled={state.fetching}>
              {state.fetching ? 'Rotating…' : 'Rotate'}
            </button>
            <button type="button" className="secondary" onClick={onClose} data-read="">
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function RevokeTokenDialog({ token, onClose }: { token: ScimTokenFieldsFragment; onClose(): void }) {
  const [state, revoke] = useMutation(RevokeScimTokenDocument);
  return (
    <ConfirmDialog
      title={`Revoke “${token.name}”?`}
      confirmLabel="Revoke token"
      busy={state.fetching}
      error={state.error}
      onClose={onClose}
      onConfirm={async () => {
        const result = await revoke({ input: { id: token.id } });
        if (!result.error) onClose();
      }}
    >
      <p>
        Requests with this token ({token.prefix}…) get 401 at once. Replace the token in your IdP first, or provisioning stops. This
        cannot be undone.
      </p>
    </ConfirmDialog>
  );
}

function SettingSwitch({
  label,
  checked,
  onChange,
  disabled,
  children,
}: {
  label: string;
  checked: boolean;
  onChange(next: boolean): void;
  disabled: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="setting">
      <div className="setting-control">
        <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={`${id}-d`} />
        <label htmlFor={id}>{label}</label>
      </div>
      <div className="setting-description" id={`${id}-d`}>
        {children}
      </div>
    </div>
  );
}

function SettingsSection() {
  const { settings } = useViewer().account;
  const block = useWriteBlock();
  const { state, field, run, asked, busy, done } = useSettingsMutation();
  const [license, setLicense] = useState<string>(settings.defaultLicenseType ?? '');
  const licenseId = useId();
  const outcome = (name: keyof UpdateAccountSettingsInput) =>
    field === name && (
      <>
        <ErrorNotice error={state.error} title="The setting was not changed" />
        {done && state.data && !state.error && (
          <Status>
            {state.data.updateAccountSettings.changedSettings.length ? 'Saved.' : 'Nothing changed.'}
            {state.data.updateAccountSettings.licensesChanged > 0 && ` ${state.data.updateAccountSettings.licensesChanged} users’ license changed.`}
          </Status>
        )}
      </>
    );
  // Not disabled while a change is saved: a control that turns disabled loses the keyboard focus.
  const disabled = !!block;
  const change = (input: UpdateAccountSettingsInput) => {
    if (!busy) void run(input);
  };
  const saveLicense = (event: FormEvent) => {
    event.preventDefault();
    change({ defaultLicenseType: (license || null) as License | null });
  };
  return (
    <section aria-labelledby="scim-settings">
      <h2 id="scim-settings">4. Settings</h2>
      <BlockedReason reason={block} />
      <SettingSwitch label="Allow manual updates" checked={asked?.allowManualUpdates ?? settings.allowManualUpdates} disabled={disabled} onChange={(v) => change({ allowManualUpdates: v })}>
        <p>
          Off (the default and the recommended setting): your IdP stays the source of truth for SCIM-managed users and groups, and manual
          changes to them here are blocked, including invitations and memberships of SCIM-managed groups.
        </p>
        <p>
          On: admins can change SCIM-managed users and groups by hand, which helps during setup and testing. A later SCIM update can
          overwrite such a change, and the provisioning log marks it as manual.
        </p>
        {outcome('allowManualUpdates')}
      </SettingSwitch>
      <SettingSwitch
        label="SCIM license management"
        checked={asked?.scimLicenseManagement ?? settings.scimLicenseManagement}
        disabled={disabled}
        onChange={(v) => change({ scimLicenseManagement: v })}
      >
        <p>
          On: the SCIM <code>licenseType</code> attribute decides each user’s license, and license mappings no longer apply. Off: licenses
          come from license mappings of the user’s groups, else the default license.
        </p>
        <p>
          Migrate with it off first: provision users and groups, check the licenses the mappings give, make your IdP send{' '}
          <code>licenseType</code> for everyone, then turn it on. Every change re-resolves every user’s license.
        </p>
        {outcome('scimLicenseManagement')}
      </SettingSwitch>
      <form className="setting" onSubmit={saveLicense}>
        <div className="setting-control">
          <label htmlFor={licenseId}>Default license</label>
          <select id={licenseId} value={license} onChange={(e) => setLicense(e.target.value)} disabled={disabled} aria-describedby={`${licenseId}-d`}>
            <option value="">None</option>
            {LICENSE_TYPES.map((l) => (
              <option key={l} value={l}>
                {licenseLabel(l)}
              </option>
            ))}
          </select>
          <button type="submit" className="secondary" disabled={disabled || license === (settings.defaultLicenseType ?? '')}>
            Save default license
          </button>
        </div>
        <div className="setting-description" id={`${licenseId}-d`}>
          <p>The license of users that no mapping (or SCIM attribute) gives one. Currently: {licenseLabel(settings.defaultLicenseType)}.</p>
          {outcome('defaultLicenseType')}
        </div>
      </form>
      <SettingSwitch
        label="userName must match email"
        checked={asked?.userNameMustMatchEmail ?? settings.userNameMustMatchEmail}
        disabled={disabled}
        onChange={(v) => change({ userNameMustMatchEmail: v })}
      >
        <p>
          On (the default): a user’s <code>userName</code> must be the email address they sign in with, so SSO and SCIM always name one
          person. Turn it off when your IdP sends other user names (Entra’s <code>mailNickname</code>, Okta custom username formats).
          Turning it back on is refused while any user breaks the rule.
        </p>
        {outcome('userNameMustMatchEmail')}
      </SettingSwitch>
    </section>
  );
}
