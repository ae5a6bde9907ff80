import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  totalCount: number | Promise<number>;
}

/**
 * Builds a connection whose `totalCount` is a getter: GraphQL reads the property only when a client selects
 * the field, so the count query runs only then.
 */
export function connection<T>(edges: { node: T; cursor: string }[], hasNextPage: boolean, count: () => Promise<number>): ConnectionShape<T> {
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
    get totalCount() {
      return (counted ??= count());
    },
  };
}

/** A Relay connection type for `node`: `edges`, `pageInfo`, and `totalCount` (computed only when selected). */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items match, across all pages (counted only when selected).' })
    totalCount!: number;
  }
  return ConnectionClass;
}

/** Opaque cursors: base64url of the keyset values, never an offset. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] | null {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(values) ? values : null;
  } catch {
    return null;
  }
}
