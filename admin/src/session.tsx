import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, mapExchange } from 'urql';

/** sessionStorage only: the token dies with the tab, never reaches a cookie, localStorage or a URL. */
const TOKEN_KEY = 'roster.apiToken';

interface Session {
  token: string | null;
  /** Why the last session ended, when the server ended it (a 401). */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function isUnauthenticated(error: { response?: unknown; graphQLErrors: readonly { extensions?: Record<string, unknown> }[] }): boolean {
  const status = (error.response as { status?: number } | undefined)?.status;
  return status === 401 || error.graphQLErrors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED');
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
    setNotice(reason ?? null);
  }, []);

  const signIn = useCallback((value: string) => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setNotice(null);
    setToken(value);
  }, []);

  // One client per token: a new sign-in starts with an empty cache, so nothing of the previous token's answers shows.
  const client = useMemo(
    () =>
      token
        ? new Client({
            url: new URL('/graphql', window.location.origin).toString(),
            preferGetMethod: false,
            requestPolicy: 'cache-and-network',
            fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` }, credentials: 'omit' }),
            exchanges: [
              mapExchange({
                onError(error) {
                  if (isUnauthenticated(error)) {
                    const message = error.graphQLErrors[0]?.message ?? 'the token was refused';
                    signOut(`Signed out: the server refused the token (UNAUTHENTICATED: ${message}). Paste a valid API token.`);
                  }
                },
              }),
              cacheExchange,
              fetchExchange,
            ],
          })
        : null,
    [token, signOut],
  );

  const session = useMemo<Session>(() => ({ token, notice, signIn, signOut }), [token, notice, signIn, signOut]);
  return (
    <SessionContext.Provider value={session}>
      {client ? <Provider value={client}>{children}</Provider> : children}
    </SessionContext.Provider>
  );
}
