import type { Demo } from './seed';

export interface ConsolePage {
  name: string;
  path: string;
  heading: RegExp;
}

/** Every page of the console, the detail pages with a user and a group of the demo account. */
export function consolePages(demo: Demo, detail: 'scim' | 'manual'): ConsolePage[] {
  const userId = detail === 'scim' ? demo.userId : demo.manualUserId;
  const groupId = detail === 'scim' ? demo.groupId : demo.manualGroupId;
  return [
    { name: 'SCIM setup', path: '/admin/scim', heading: /^SCIM setup$/ },
    { name: 'Users', path: '/admin/users', heading: /^Users$/ },
    { name: 'User', path: `/admin/users/${userId}`, heading: /Lovelace|Hamilton/ },
    { name: 'Groups', path: '/admin/groups', heading: /^Groups$/ },
    { name: 'Group', path: `/admin/groups/${groupId}`, heading: /Engineering|Contractors/ },
    { name: 'License mappings', path: '/admin/license-mappings', heading: /^License mappings$/ },
    { name: 'SSO mapping rules', path: '/admin/sso-rules', heading: /^SSO mapping rules$/ },
    { name: 'IP allowlist', path: '/admin/ip-allowlist', heading: /^IP allowlist$/ },
    { name: 'Provisioning log', path: '/admin/log', heading: /^Provisioning log$/ },
  ];
}
