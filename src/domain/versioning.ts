import { StaleVersionError } from './errors';

/** A write's precondition on the resource's version (SCIM If-Match): any listed version may match. */
export interface VersionCondition {
  ifVersion?: readonly number[];
}

export function assertVersion(condition: VersionCondition, current: number): void {
  if (condition.ifVersion !== undefined && !condition.ifVersion.includes(current)) throw new StaleVersionError();
}
