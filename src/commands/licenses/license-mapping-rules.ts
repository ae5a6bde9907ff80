import { InvalidInputError } from '../../domain/errors';
import { validateGroupName } from '../../domain/group/group-name';

/** A mapping's group name follows the rules of group names; the error names the mapping's field. */
export function validateMappedGroupName(name: string): string {
  try {
    return validateGroupName(name);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new InvalidInputError(error.code, error.message.replace('displayName', 'groupName'), { field: 'groupName' });
    throw error;
  }
}
