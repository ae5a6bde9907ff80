import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { CombinedError } from 'urql';

/** Extensions that are transport plumbing, not something an admin needs to read. */
const HIDDEN_EXTENSIONS = new Set(['code', 'http', 'stacktrace', 'exception']);

export interface ErrorLine {
  message: string;
  code: string;
  details: [string, string][];
}

/** Every error in words with its code: GraphQL errors carry extensions.code; a failed fetch is NETWORK_ERROR. */
export function errorLines(error: CombinedError): ErrorLine[] {
  if (error.graphQLErrors.length) {
    return error.graphQLErrors.map((e) => ({
      message: e.message,
      code: typeof e.extensions?.['code'] === 'string' ? (e.extensions['code'] as string) : 'ERROR',
      details: Object.entries(e.extensions ?? {})
        .filter(([key]) => !HIDDEN_EXTENSIONS.has(key))
        .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
    }));
  }
  const status = (error.response as { status?: number } | undefined)?.status;
  const message = error.networkError?.message ?? error.message;
  return [{ message: `Could not get an answer from Roster${status ? ` (HTTP ${status})` : ''}: ${message}`, code: 'NETWORK_ERROR', details: [] }];
}

export function ErrorNotice({ error, title = 'The request failed', children }: { error: CombinedError | null | undefined; title?: string; children?: ReactNode }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title}</p>
      <ul>
        {errorLines(error).map((line, i) => (
          <li key={i}>
            {line.message} <code className="error-code">{line.code}</code>
            {line.details.length > 0 && (
              <span className="error-details">
                {' '}
                ({line.details.map(([k, v]) => `${k}: ${v}`).join('; ')})
              </span>
            )}
          </li>
        ))}
      </ul>
      {children}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A polite live region: "Saved", "Copied", counts of what a change did. */
export function Status({ children }: { children: ReactNode }) {
  return (
    <p className="status" role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function ManagedByBadge({ managedBy }: { managedBy: 'SCIM' | 'MANUAL' }) {
  return managedBy === 'SCIM' ? (
    <span className="badge badge-scim" title="Managed by SCIM (your identity provider)">
      SCIM
    </span>
  ) : (
    <span className="badge badge-manual" title="Managed by hand in this console or the API">
      Manual
    </span>
  );
}

export function StateBadge({ state }: { state: 'ACTIVE' | 'DEACTIVATED' | 'INVITED' }) {
  const label = { ACTIVE: 'Active', DEACTIVATED: 'Deactivated', INVITED: 'Invited' }[state];
  return <span className={`badge badge-state-${state.toLowerCase()}`}>{label}</span>;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** The log's time: seconds matter in an audit trail. */
const logTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function When({ at, empty = '—', precise = false }: { at: string | null | undefined; empty?: string; precise?: boolean }) {
  if (!at) return <span className="muted">{empty}</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toISOString()}>
      {(precise ? logTime : dateTime).format(date)}
    </time>
  );
}

export const LICENSE_TYPES = ['DEVELOPER', 'ANALYST', 'IT', 'READ_ONLY'] as const;
export type License = (typeof LICENSE_TYPES)[number];
export const licenseLabel = (license: License | null | undefined): string =>
  license ? ({ DEVELOPER: 'Developer', ANALYST: 'Analyst', IT: 'IT', READ_ONLY: 'Read-only' } as const)[license] : 'None';

async function copyText(text: string, fallbackFrom: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain http on another host than localhost has no clipboard API: copy the selection the old way.
    if (fallbackFrom instanceof HTMLInputElement || fallbackFrom instanceof HTMLTextAreaElement) {
      fallbackFrom.select();
      return document.execCommand('copy');
    }
    return false;
  }
}

/** A read-only field with a copy button: the SCIM base URL, a token secret, a command. */
export function CopyField({ label, value, multiline = false, hint }: { label: string; value: string; multiline?: boolean; hint?: ReactNode }) {
  const id = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => setCopied((await copyText(value, ref.current)) ? `${label} copied.` : 'Copy failed: select the text and copy it by hand.');
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        {multiline ? (
          <textarea id={id} ref={ref} readOnly value={value} rows={Math.min(6, value.split('\n').length + 1)} data-read="" spellCheck={false} />
        ) : (
          <input id={id} ref={ref} readOnly value={value} data-read="" spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
        )}
        <button type="button" className="secondary" onClick={copy} data-read="" aria-label={`Copy ${label}`}>
          Copy
        </button>
      </div>
      {hint && <p className="hint">{hint}</p>}
      <p className="sr-status" role="status" aria-live="polite">
        {copied}
      </p>
    </div>
  );
}

/** A modal dialog on the native <dialog>: focus moves in, Escape closes, the page behind is inert. */
export function Dialog({ title, onClose, children, wide = false }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** "Are you sure?" for what cannot be undone. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  error: CombinedError | undefined;
  onConfirm(): void;
  onClose(): void;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onClose} data-read="" autoFocus>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

/** The reason a group of write controls is disabled, said next to them (not only in a tooltip). */
export function BlockedReason({ reason, id }: { reason: string | null; id?: string }) {
  if (!reason) return null;
  return (
    <p className="blocked" id={id}>
      {reason}
    </p>
  );
}

/** Keyset paging of a Relay connection: a stack of `after` cursors, so Previous returns to the same rows. */
export function useCursorPager(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({ key: resetKey, cursors: [null] });
  const cursors = state.key === resetKey ? state.cursors : [null];
  const after = cursors[cursors.length - 1] ?? null;
  return {
    after,
    page: cursors.length,
    next: (endCursor: string | null | undefined) => endCursor && setState({ key: resetKey, cursors: [...cursors, endCursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
  };
}

export function Pager({
  pager,
  pageInfo,
  label,
}: {
  pager: ReturnType<typeof useCursorPager>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  label: string;
}) {
  if (!pageInfo || (pager.page === 1 && !pageInfo.hasNextPage)) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="secondary" onClick={pager.previous} disabled={pager.page === 1} data-read="">
        Previous page
      </button>
      <span>Page {pager.page}</span>
      <button type="button" className="secondary" onClick={() => pager.next(pageInfo.endCursor)} disabled={!pageInfo.hasNextPage} data-read="">
        Next page
      </button>
    </nav>
  );
}

/**
 * A table that, on a phone, shows each row as a stack of "column: value" lines (the column names come from the
 * header, copied into data-label for the CSS), and otherwise scrolls sideways; focusable so a keyboard can scroll it.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const table = ref.current?.querySelector('table');
    if (!table) return;
    const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => {
        if (names[i]) cell.setAttribute('data-label', names[i]!);
        else cell.removeAttribute('data-label');
      });
    }
  });
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0} ref={ref}>
      {children}
    </div>
  );
}
