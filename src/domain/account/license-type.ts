/** The product's license types, as dbt's SCIM license extension names them. */
export enum LicenseType {
  IT = 'it',
  ANALYST = 'analyst',
  DEVELOPER = 'developer',
  READ_ONLY = 'read_only',
}

export const LICENSE_TYPES: readonly LicenseType[] = Object.values(LicenseType);
