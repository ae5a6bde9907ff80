import { ArgsType, Field, Int } from 'type-graphql';
import { invalidCursor, isTimeKey, type NewestFirstPage, type PageArgs, type TimeKey } from '../../commands/paging/newest-first';
import { connection, decodeCursor, encodeCursor, type ConnectionShape } from './connection';

@ArgsType()
export class NewestFirstArgs {
  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 500 (default 50).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The `endCursor` of the previous page.' })
  after?: string | null;
}

function cursorOf(key: TimeKey): string {
  return encodeCursor([key.at, key.id]);
}

/** The page a client asked for, in the commands' terms; a cursor this list did not hand out is BAD_USER_INPUT. */
export function pageArgs(args: NewestFirstArgs): PageArgs {
  if (args.after == null) return { first: args.first ?? null, after: null };
  const [at, id] = decodeCursor(args.after) ?? [];
  const key = { at, id };
  if (!isTimeKey(key)) throw invalidCursor();
  return { first: args.first ?? null, after: key };
}

export function toConnection<T, N>(page: NewestFirstPage<T>, toNode: (item: T) => N): ConnectionShape<N> {
  return connection(
    page.items.map((item) => ({ node: toNode(item.node), cursor: cursorOf(item.key) })),
    page.hasNextPage,
    page.count,
  );
}
