import { LICENSE_TYPES, type LicenseType } from '../../domain/account/license-type';
import type { EmailInput, UserInput } from '../../domain/user/user-input';
import type { UserRecord } from '../../commands/users/user-records.queries';
import type { PhoneNumber, User } from '../../domain/user/user.entity';
import { ScimProtocolError } from '../protocol/scim-error';
import { URN } from '../protocol/urns';
import { caseless, isObject, optionalArray, optionalBoolean, optionalObject, optionalString, type Json } from './json-access';

/**
 * SCIM User JSON → the domain's UserInput. Liberal in what IdPs send (nulls, string booleans, a bare
 * manager id, any attribute-name case); read-only attributes (`id`, `meta`, `groups`) and `password` are
 * ignored, never stored.
 */
export function parseUserResource(body: unknown): UserInput {
  if (!isObject(body)) throw new ScimProtocolError(400, 'invalidSyntax', 'The request body must be a JSON object');
  const get = caseless(body);
  const userName = get('userName');
  if (typeof userName !== 'string' || !userName.trim())
    throw new ScimProtocolError(400, 'invalidValue', 'userName is required and must be a non-empty string');

  const name = caseless(optionalObject(get('name'), 'name') ?? {});
  const enterprise = caseless(optionalObject(get(URN.enterpriseUser), URN.enterpriseUser) ?? {});
  const license = caseless(optionalObject(get(URN.licenseUser), URN.licenseUser) ?? {});
  const str = (read: (n: string) => unknown, attribute: string, label = attribute) => emptyToNull(optionalString(read(attribute), label));

  return {
    userName,
    externalId: str(get, 'externalId'),
    formattedName: str(name, 'formatted', 'name.formatted'),
    familyName: str(name, 'familyName', 'name.familyName'),
    givenName: str(name, 'givenName', 'name.givenName'),
    middleName: str(name, 'middleName', 'name.middleName'),
    honorificPrefix: str(name, 'honorificPrefix', 'name.honorificPrefix'),
    honorificSuffix: str(name, 'honorificSuffix', 'name.honorificSuffix'),
    displayName: str(get, 'displayName'),
    nickName: str(get, 'nickName'),
    title: str(get, 'title'),
    userType: str(get, 'userType'),
    preferredLanguage: str(get, 'preferredLanguage'),
    locale: str(get, 'locale'),
    timezone: str(get, 'timezone'),
    active: optionalBoolean(get('active'), 'active') ?? true,
    emails: optionalArray(get('emails'), 'emails').map((e, i) => parseEmail(e, i)),
    phoneNumbers: optionalArray(get('phoneNumbers'), 'phoneNumbers').map((p, i) => parsePhone(p, i)),
    employeeNumber: str(enterprise, 'employeeNumber'),
    costCenter: str(enterprise, 'costCenter'),
    organization: str(enterprise, 'organization'),
    division: str(enterprise, 'division'),
    department: str(enterprise, 'department'),
    managerValue: parseManager(enterprise('manager')),
    scimLicenseType: parseLicenseType(license('licenseType')),
  };
}

function emptyToNull(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function parseEmail(raw: unknown, index: number): EmailInput {
  const label = `emails[${index}]`;
  const get = caseless(optionalObject(raw, label) ?? {});
  const value = optionalString(get('value'), `${label}.value`);
  if (!value?.trim()) throw new ScimProtocolError(400, 'invalidValue', `${label}.value is required`);
  return {
    value: value.trim(),
    type: emptyToNull(optionalString(get('type'), `${label}.type`)),
    primary: optionalBoolean(get('primary'), `${label}.primary`) ?? false,
    display: emptyToNull(optionalString(get('display'), `${label}.display`)),
  };
}

function parsePhone(raw: unknown, index: number): PhoneNumber {
  const label = `phoneNumbers[${index}]`;
  const get = caseless(optionalObject(raw, label) ?? {});
  const value = optionalString(get('value'), `${label}.value`);
  if (!value?.trim()) throw new ScimProtocolError(400, 'invalidValue', `${label}.value is required`);
  const phone: PhoneNumber = { value: value.trim() };
  const type = emptyToNull(optionalString(get('type'), `${label}.type`));
  if (type) phone.type = type;
  if (optionalBoolean(get('primary'), `${label}.primary`)) phone.primary = true;
  const display = emptyToNull(optionalString(get('display'), `${label}.display`));
  if (display) phone.display = display;
  return phone;
}

/** Entra sends the manager as `{value}`, `[{value}]`, a bare id string, or `""` to clear it. */
export function parseManager(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.length ? parseManager(raw[0]) : null;
  if (isObject(raw)) return emptyToNull(optionalString(caseless(raw)('value'), 'manager.value'));
  throw new ScimProtocolError(400, 'invalidValue', 'manager must be an object with a value, or a string');
}

function parseLicenseType(raw: unknown): LicenseType | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw === 'string' && (LICENSE_TYPES as string[]).includes(raw.toLowerCase())) return raw.toLowerCase() as LicenseType;
  throw new ScimProtocolError(400, 'invalidValue', `licenseType must be one of ${LICENSE_TYPES.join(', ')}`);
}

export interface RenderContext {
  /** The account's SCIM base URL, e.g. https://host/scim/v2/accounts/{id}. */
  baseUrl: string;
  /** The user's groups when they were read; omitted from the resource otherwise. */
  groups?: readonly { value: string; display: string }[] | null;
}

/** Weak ETag from the row version (RFC 7644 §3.14). */
export function userEtag(user: Pick<User, 'version'>): string {
  return `W/"${user.version}"`;
}

/** The stored user as a SCIM resource: what the IdP last sent, plus id and meta. Unset attributes are omitted. */
export function renderUser(user: User | UserRecord, { baseUrl, groups }: RenderContext): Json {
  const name = compact({
    formatted: user.formattedName,
    familyName: user.familyName,
    givenName: user.givenName,
    middleName: user.middleName,
    honorificPrefix: user.honorificPrefix,
    honorificSuffix: user.honorificSuffix,
  });
  const enterprise = compact({
    employeeNumber: user.employeeNumber,
    costCenter: user.costCenter,
    organization: user.organization,
    division: user.division,
    department: user.department,
    manager: user.managerValue ? { value: user.managerValue, $ref: `${baseUrl}/Users/${user.managerValue}` } : null,
  });
  const schemas: string[] = [URN.user];
  if (enterprise) schemas.push(URN.enterpriseUser);
  if (user.scimLicenseType) schemas.push(URN.licenseUser);
  const emails = emailsOf(user);
  return {
    schemas,
    id: user.id,
    ...(user.externalId !== null ? { externalId: user.externalId } : {}),
    userName: user.userName,
    ...(name ? { name } : {}),
    ...compact({
      displayName: user.displayName,
      nickName: user.nickName,
      title: user.title,
      userType: user.userType,
      preferredLanguage: user.preferredLanguage,
      locale: user.locale,
      timezone: user.timezone,
    }),
    active: user.active,
    ...(emails.length
      ? { emails: emails.map((e) => ({ value: e.value, ...(e.type ? { type: e.type } : {}), primary: e.primary, ...(e.display ? { display: e.display } : {}) })) }
      : {}),
    ...(user.phoneNumbers.length ? { phoneNumbers: user.phoneNumbers } : {}),
    ...(groups?.length ? { groups: groups.map((g) => ({ value: g.value, display: g.display, $ref: `${baseUrl}/Groups/${g.value}`, type: 'direct' })) } : {}),
    ...(enterprise ? { [URN.enterpriseUser]: enterprise } : {}),
    ...(user.scimLicenseType ? { [URN.licenseUser]: { licenseType: user.scimLicenseType } } : {}),
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: userEtag(user),
    },
  };
}

/** A list page reads emails as rows; an entity's collection counts only when it was loaded. */
function emailsOf(user: User | UserRecord): readonly { value: string; type: string | null; primary: boolean; display: string | null }[] {
  if (Array.isArray(user.emails)) return user.emails as UserRecord['emails'];
  const collection = (user as User).emails;
  return collection.isInitialized() ? collection.getItems() : [];
}

function compact(values: Record<string, unknown>): Json | null {
  const entries = Object.entries(values).filter(([, v]) => v !== null && v !== undefined);
  return entries.length ? Object.fromEntries(entries) : null;
}
