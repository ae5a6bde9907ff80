import { ArgsType, Field, Int } from 'type-graphql';
import type { KeyPage, KeyPageArgs } from '../../commands/paging/ordered-by-key';
import { InvalidInputError } from '../../domain/errors';
import { connection, decodeCursor, encodeCursor, type ConnectionShape } from './connection';

@ArgsType()
export class DirectoryPageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 0 to 100 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

/** Cursors carry the list's sort key with a tag, so a cursor of one kind of list is refused by another. */
export type CursorTag = 'k' | 'm';

export function keyCursor(key: string, tag: CursorTag = 'k'): string {
  return encodeCursor([tag, key]);
}

/** The key a cursor carries; a cursor this API did not hand out is BAD_USER_INPUT. */
export function cursorKey(after: string | null | undefined, tag: CursorTag = 'k'): string | null {
  if (after == null) return null;
  const [found, key] = decodeCursor(after) ?? [];
  if (found !== tag || typeof key !== 'string') throw new InvalidInputError('BAD_USER_INPUT', 'The cursor is not valid for this list; start again without one', { field: 'after' });
  return key;
}

export function keyPageArgs(args: DirectoryPageArgs): KeyPageArgs {
  return { first: args.first ?? null, after: cursorKey(args.after) };
}

export function toKeyConnection<T, N>(page: KeyPage<T>, toNode: (item: T) => N): ConnectionShape<N> {
  return connection(
    page.items.map((item) => ({ node: toNode(item.node), cursor: keyCursor(item.key) })),
    page.hasNextPage,
    page.count,
  );
}
