import { InvalidInputError } from '../errors';
import { hasControlCharacters } from '../user/user-name';

/** Group names compare like userNames: NFC, ignoring case. */
export function groupNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export function validateGroupName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new InvalidInputError('GROUP_NAME_REQUIRED', 'displayName is required and must not be blank', { field: 'displayName' });
  if (trimmed.length > 256) throw new InvalidInputError('INVALID_GROUP_NAME', 'displayName has at most 256 characters', { field: 'displayName' });
  if (hasControlCharacters(trimmed)) throw new InvalidInputError('INVALID_GROUP_NAME', 'displayName must not contain control characters', { field: 'displayName' });
  return trimmed;
}
