import type { UserInput } from '../../domain/user/user-input';
import type { User } from '../../domain/user/user.entity';

/** The user's current attributes as a UserInput (emails loaded): the base an admin's partial change is laid over. */
export function userInputOf(user: User): UserInput {
  return {
    userName: user.userName,
    externalId: user.externalId,
    formattedName: user.formattedName,
    familyName: user.familyName,
    givenName: user.givenName,
    middleName: user.middleName,
    honorificPrefix: user.honorificPrefix,
    honorificSuffix: user.honorificSuffix,
    displayName: user.displayName,
    nickName: user.nickName,
    title: user.title,
    userType: user.userType,
    preferredLanguage: user.preferredLanguage,
    locale: user.locale,
    timezone: user.timezone,
    active: user.active,
    emails: user.emails.getItems().map((e) => ({ value: e.value, type: e.type, primary: e.primary, display: e.display })),
    phoneNumbers: user.phoneNumbers,
    employeeNumber: user.employeeNumber,
    costCenter: user.costCenter,
    organization: user.organization,
    division: user.division,
    department: user.department,
    managerValue: user.managerValue,
    scimLicenseType: user.scimLicenseType,
  };
}

/** A new user's input: only a userName and one work email, everything else empty. */
export function newUserInput(userName: string, email: string | null, names: Partial<Pick<UserInput, 'givenName' | 'familyName' | 'displayName'>> = {}): UserInput {
  return {
    userName,
    externalId: null,
    formattedName: null,
    familyName: names.familyName ?? null,
    givenName: names.givenName ?? null,
    middleName: null,
    honorificPrefix: null,
    honorificSuffix: null,
    displayName: names.displayName ?? null,
    nickName: null,
    title: null,
    userType: null,
    preferredLanguage: null,
    locale: null,
    timezone: null,
    active: true,
    emails: email ? [{ value: email, type: 'work', primary: true, display: null }] : [],
    phoneNumbers: [],
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    managerValue: null,
    scimLicenseType: null,
  };
}
