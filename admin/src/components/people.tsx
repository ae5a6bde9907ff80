import type { License } from './ui';
import { licenseLabel } from './ui';

export function personName(u: { displayName?: string | null; givenName?: string | null; familyName?: string | null; userName: string }): string {
  const full = [u.givenName, u.familyName].filter(Boolean).join(' ');
  return u.displayName || full || u.userName;
}

export function LicenseCell({ licenseType, licensePending }: { licenseType: License | null | undefined; licensePending: boolean }) {
  return (
    <span>
      {licenseLabel(licenseType)}
      {licensePending && (
        <>
          {' '}
          <span className="badge badge-pending" title="Licensed, but the invitation is not accepted yet">
            pending
          </span>
        </>
      )}
    </span>
  );
}
