/** The product's license types, as dbt's SCIM license extension names them. */
export enum LicenseType {
  IT = 'it',
  ANALYST = 'analyst',
  DEVELOPER = 'developer',
  READ_ONLY = 'read_only',
}

export const LICENSE_TYPES: readonly LicenseType[] = Object.values(LicenseType);

/**
 * When a user's groups map to several licenses, the lowest rank wins: the license that allows the most.
 * Fixed, so the answer never depends on the order groups were pushed in.
 */
export const LICENSE_RANK: Readonly<Record<LicenseType, number>> = {
  [LicenseType.DEVELOPER]: 1,
  [LicenseType.ANALYST]: 2,
  [LicenseType.IT]: 3,
  [LicenseType.READ_ONLY]: 4,
};

/** Where a user's license came from, so admins can see why they hold it. */
export enum LicenseSource {
  SCIM = 'scim',
  MAPPING = 'mapping',
  DEFAULT = 'default',
}

/**
 * The license of a user who belongs to no group (a user being created): the SCIM licenseType when the account's
 * SCIM license management is on and the user has one, else the account's default, else none. The same order as
 * `resolveLicenses`, which adds the groups' mappings between the two; it stays the one place for users with groups.
 * A test (graphql-directory-licenses, "in every account setting") checks the two agree for every setting.
 */
export function licenseOfUngroupedUser(
  account: { scimLicenseManagement: boolean; defaultLicenseType: LicenseType | null },
  scimLicenseType: LicenseType | null,
): { licenseType: LicenseType | null; licenseSource: LicenseSource | null } {
  if (account.scimLicenseManagement && scimLicenseType !== null) return { licenseType: scimLicenseType, licenseSource: LicenseSource.SCIM };
  if (account.defaultLicenseType !== null) return { licenseType: account.defaultLicenseType, licenseSource: LicenseSource.DEFAULT };
  return { licenseType: null, licenseSource: null };
}
