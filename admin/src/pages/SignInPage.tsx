import { useId, useState, type FormEvent } from 'react';
import { useSession } from '../session';

export function SignInPage() {
  const { signIn, notice } = useSession();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (!token) {
      setProblem('Paste an API token first.');
      return;
    }
    signIn(token);
  };
  return (
    <main id="main" className="centered signin">
      <h1>Roster admin</h1>
      <p>Sign in with an API token of your account.</p>
      {notice && (
        <p className="notice notice-error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} className="card" noValidate>
        <div className="field">
          <label htmlFor={id}>API token</label>
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="rst_api_…"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setProblem(null);
            }}
            aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
            aria-invalid={problem ? true : undefined}
            autoFocus
          />
          {problem && (
            <p className="field-error" id={`${id}-problem`}>
              {problem}
            </p>
          )}
          <p className="hint" id={`${id}-hint`}>
            The token stays in this browser tab only (session storage, gone when the tab closes) and is sent as a bearer header.
            An ADMIN token can change everything; a READ_ONLY token can look at every page.
          </p>
        </div>
        <button type="submit">Sign in</button>
      </form>
      <details className="card">
        <summary>No token yet?</summary>
        <p>An operator on the server creates the account and its first ADMIN token:</p>
        <pre>
          <code>npm run roster -- accounts create --name "Acme"</code>
        </pre>
        <p>and further tokens with:</p>
        <pre>
          <code>npm run roster -- tokens create --account &lt;accountId&gt; --kind api --name "Console" --role ADMIN</code>
        </pre>
      </details>
    </main>
  );
}
