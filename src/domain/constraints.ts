import { ConflictError, type DomainError } from './errors';

/**
 * Unique constraints by their explicit database name, and the domain error each violation means.
 * Uniqueness is enforced by the database (never check-then-insert); this is how a violation gets its words.
 */
export const constraintErrors: Record<string, () => DomainError> = {
  app_user_account_user_name_unique: () => new ConflictError('USER_NAME_TAKEN', 'A user with this userName already exists in this account', { field: 'userName' }),
  app_user_account_external_id_unique: () =>
    new ConflictError('EXTERNAL_ID_TAKEN', 'A user with this externalId already exists in this account', { field: 'externalId' }),
  app_group_account_display_name_unique: () =>
    new ConflictError('GROUP_NAME_TAKEN', 'A group with this displayName already exists in this account', { field: 'displayName' }),
  app_group_account_external_id_unique: () =>
    new ConflictError('EXTERNAL_ID_TAKEN', 'A group with this externalId already exists in this account', { field: 'externalId' }),
  license_mapping_account_group_name_unique: () =>
    new ConflictError('LICENSE_MAPPING_EXISTS', 'A license mapping for this group name already exists', { field: 'groupName' }),
  sso_mapping_rule_account_claim_group_unique: () =>
    new ConflictError('SSO_MAPPING_RULE_EXISTS', 'A rule mapping this claim value to this group already exists', { field: 'claimValue' }),
};
