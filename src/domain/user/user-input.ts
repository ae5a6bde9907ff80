import type { LicenseType } from '../account/license-type';
import type { PhoneNumber } from './user.entity';

export interface EmailInput {
  value: string;
  type: string | null;
  primary: boolean;
  display: string | null;
}

/** Everything a create or a full replace of a user sets; transports translate into this. */
export interface UserInput {
  userName: string;
  externalId: string | null;
  formattedName: string | null;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
  displayName: string | null;
  nickName: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  active: boolean;
  emails: EmailInput[];
  phoneNumbers: PhoneNumber[];
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  managerValue: string | null;
  scimLicenseType: LicenseType | null;
}

export const SCALAR_USER_FIELDS = [
  'userName',
  'externalId',
  'formattedName',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'displayName',
  'nickName',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerValue',
  'scimLicenseType',
] as const satisfies readonly (keyof UserInput)[];
