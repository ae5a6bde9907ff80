import { ConflictError, type DomainError } from './errors';

/**
 * Unique constraints by their explicit database name, and the domain error each violation means.
 * Uniqueness is enforced by the database (never check-then-insert); this is how a violation gets its words.
 */
export const constraintErrors: Record<string, () => DomainError> = {
  app_user_account_user_name_unique: () => new ConflictError('USER_NAME_TAKEN', 'A user with this userName already exists in this account', { field: 'userName' }),
  app_user_account_external_id_unique: () =>
    new ConflictError('EXTERNAL_ID_TAKEN', 'A user with this externalId already exists in this account', { field: 'externalId' }),
};
