import { LockMode } from '@mikro-orm/core';
import { inTransaction } from '../db/unit-of-work';
import { ConflictError, InvalidInputError, NotFoundError } from '../domain/errors';
import { isUuid } from '../domain/ids';
import { ScimToken } from '../domain/token/scim-token.entity';
import { TokenState } from '../domain/token/bearer-token.entity';
import type { Ctx } from './context';
import { issueScimToken, type IssuedTokenResult } from './issue-token';
import { recordEvent } from './record-event';

export interface RotateScimTokenInput {
  id: string;
  /**
   * How long the old token keeps working, from now. Omitted: until it is revoked (or its own expiry), so the IdP
   * can be switched at leisure; 0: it stops at once.
   */
  overlapSeconds?: number | null;
  /** The new token's own expiry; none when omitted. */
  expiresAt?: Date | null;
}

export interface RotateScimTokenResult extends IssuedTokenResult<ScimToken> {
  previous: ScimToken;
}

/** An overlap longer than this is a second credential, not a rotation: create a token instead. */
export const MAX_OVERLAP_SECONDS = 30 * 24 * 60 * 60;
const ROTATED_SUFFIX = ' (rotated)';

/** Tells the new token from the old one in listings, without piling up suffixes over repeated rotations. */
export function rotatedName(name: string): string {
  return `${name.endsWith(ROTATED_SUFFIX) ? name.slice(0, -ROTATED_SUFFIX.length) : name}${ROTATED_SUFFIX}`;
}

/**
 * Issues a successor of a SCIM token, so the IdP can switch without a gap: the old token stays valid through the
 * overlap (its expiry is brought forward to the overlap's end, never pushed back), then stops by itself.
 */
export async function rotateScimToken(ctx: Ctx, input: RotateScimTokenInput): Promise<RotateScimTokenResult> {
  const overlap = input.overlapSeconds ?? null;
  if (overlap !== null && (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS))
    throw new InvalidInputError('BAD_USER_INPUT', `overlapSeconds must be a whole number from 0 to ${MAX_OVERLAP_SECONDS}`, { field: 'overlapSeconds' });
  return inTransaction(ctx, async (em) => {
    // FOR UPDATE: two rotations of one token queue, and the second sees what the first did.
    const previous = isUuid(input.id) ? await em.findOne(ScimToken, { id: input.id, account: ctx.accountId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!previous) throw new NotFoundError('TOKEN_NOT_FOUND', `SCIM token ${input.id} does not exist`);
    const now = ctx.clock.now();
    const state = previous.stateAt(now);
    if (state === TokenState.REVOKED) throw new ConflictError('TOKEN_REVOKED', `SCIM token ${previous.id} is revoked; create a new token instead`, { field: 'id' });
    if (state === TokenState.EXPIRED) throw new ConflictError('TOKEN_EXPIRED', `SCIM token ${previous.id} has expired; create a new token instead`, { field: 'id' });

    const issued = issueScimToken(em, ctx, { name: rotatedName(previous.name), expiresAt: input.expiresAt ?? null });
    if (overlap !== null) {
      const overlapEnds = new Date(now.getTime() + overlap * 1000);
      if (previous.expiresAt === null || previous.expiresAt > overlapEnds) previous.expiresAt = overlapEnds;
    }
    recordEvent(em, ctx, 'scim_token.rotated', {
      resourceType: 'ScimToken',
      resourceId: previous.id,
      detail: { name: previous.name, successorId: issued.token.id, previousExpiresAt: previous.expiresAt?.toISOString() ?? null },
    });
    return { ...issued, previous };
  });
}
