import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Where a page of an index-paged list (SCIM `startIndex`) ends, so the next page seeks by key instead of
 * skipping `startIndex` rows: a sequential walk costs the same on page 1 and page 1,000. A cache only:
 * losing a row costs one slower page, never a wrong one, and rows expire quickly.
 */
@Entity({ tableName: 'page_bookmark' })
export class PageBookmark {
  @PrimaryKey({ type: 'uuid' })
  accountId!: string;

  /** Digest of the resource type, filter and sort that define the list. */
  @PrimaryKey({ type: 'text' })
  queryKey!: string;

  /** The 1-based index of the first row after the bookmarked key. */
  @PrimaryKey({ type: 'integer' })
  startIndex!: number;

  @Property({ type: 'text' })
  afterSort!: string;

  @Property({ type: 'uuid' })
  afterId!: string;

  @Property({ type: 'integer' })
  totalResults!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
