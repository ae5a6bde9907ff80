import { useEffect, useRef } from 'react';
import { BrowserRouter, Navigate, NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { ErrorNotice, Loading } from './components/ui';
import { GroupPage } from './pages/GroupPage';
import { GroupsPage } from './pages/GroupsPage';
import { IpAllowlistPage } from './pages/IpAllowlistPage';
import { LicenseMappingsPage } from './pages/LicenseMappingsPage';
import { ProvisioningLogPage } from './pages/ProvisioningLogPage';
import { ScimSetupPage } from './pages/ScimSetupPage';
import { SignInPage } from './pages/SignInPage';
import { SsoRulesPage } from './pages/SsoRulesPage';
import { UserPage } from './pages/UserPage';
import { UsersPage } from './pages/UsersPage';
import { SessionProvider, useSession } from './session';
import { READ_ONLY_REASON, ViewerContext, ViewerDocument } from './viewer';

export const PAGES = [
  { path: 'scim', title: 'SCIM setup' },
  { path: 'users', title: 'Users' },
  { path: 'groups', title: 'Groups' },
  { path: 'license-mappings', title: 'License mappings' },
  { path: 'sso-rules', title: 'SSO mapping rules' },
  { path: 'ip-allowlist', title: 'IP allowlist' },
  { path: 'log', title: 'Provisioning log' },
] as const;

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter basename="/admin">
        <Gate />
      </BrowserRouter>
    </SessionProvider>
  );
}

function Gate() {
  const { token } = useSession();
  if (!token) return <SignInPage />;
  return <Shell />;
}

/** Signed in: the viewer (account, token role, settings) is loaded once and shared with every page. */
function Shell() {
  const { signOut } = useSession();
  const [{ data, error, fetching }] = useQuery({ query: ViewerDocument });
  if (!data) {
    return (
      <main id="main" className="centered">
        <h1>Roster admin</h1>
        {fetching && <Loading what="your account" />}
        <ErrorNotice error={error} title="Could not load your account" />
        {error && (
          <button type="button" onClick={() => signOut()} data-read="">
            Sign out
          </button>
        )}
      </main>
    );
  }
  const viewer = data.viewer;
  return (
    <ViewerContext.Provider value={viewer}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <p className="brand">
          <span aria-hidden="true">◆</span> Roster admin
        </p>
        <p className="who">
          <span>{viewer.account.name}</span>
          <span className="muted">
            {' '}
            · token “{viewer.token.name}” ({viewer.token.role === 'ADMIN' ? 'admin' : 'read-only'})
          </span>
        </p>
        <button type="button" className="secondary" onClick={() => signOut()} data-read="">
          Sign out
        </button>
      </header>
      <div className="layout">
        <nav className="sidenav" aria-label="Console pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <NavLink to={`/${p.path}`}>{p.title}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {viewer.token.role !== 'ADMIN' && (
            <p className="notice notice-readonly" role="note">
              <strong>Read-only.</strong> {READ_ONLY_REASON} You can look at every page; the controls that change something are disabled.
            </p>
          )}
          <FocusOnNavigate />
          <Routes>
            <Route path="/" element={<Navigate to="/scim" replace />} />
            <Route element={<Outlet />}>
              <Route path="scim" element={<ScimSetupPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="users/:id" element={<UserPage />} />
              <Route path="groups" element={<GroupsPage />} />
              <Route path="groups/:id" element={<GroupPage />} />
              <Route path="license-mappings" element={<LicenseMappingsPage />} />
              <Route path="sso-rules" element={<SsoRulesPage />} />
              <Route path="ip-allowlist" element={<IpAllowlistPage />} />
              <Route path="log" element={<ProvisioningLogPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </main>
      </div>
    </ViewerContext.Provider>
  );
}

/** A client-side page change moves focus to the new page's heading, as a full page load would for a screen reader. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    const title = PAGES.find((p) => pathname.startsWith(`/${p.path}`))?.title;
    document.title = title ? `${title} · Roster admin` : 'Roster admin';
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [pathname]);
  return null;
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        Nothing here. Start from <NavLink to="/scim">SCIM setup</NavLink>.
      </p>
    </>
  );
}
