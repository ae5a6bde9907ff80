import { BeforeCreate, ChangeSetType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type EventArgs } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import { User } from '../user/user.entity';

export enum EmailKind {
  INVITATION = 'invitation',
  EMAIL_CHANGE = 'email_change',
}

/**
 * A transactional email, written in the same transaction as the change that causes it and delivered
 * afterwards. Its one-time token is made at delivery, held in memory only on its way into the mail,
 * and stored as a digest: a mail that was never sent has no usable token.
 */
@Entity({ tableName: 'email_outbox' })
@Index({ name: 'email_outbox_pending_index', properties: ['sentAt', 'createdAt'] })
@Index({ name: 'email_outbox_user_index', properties: ['account', 'user', 'kind'] })
@Unique({ name: 'email_outbox_token_lookup_unique', properties: ['tokenLookup'] })
export class EmailOutbox {
  [OptionalProps]?: 'id' | 'tokenLookup' | 'tokenHash' | 'createdAt' | 'expiresAt' | 'sentAt' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'consumedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  @Enum({ items: () => EmailKind, nativeEnumName: 'email_kind' })
  kind!: EmailKind;

  @Property({ type: 'text' })
  toAddress!: string;

  @Property({ type: 'text', nullable: true })
  tokenLookup: string | null = null;

  @Property({ type: 'blob', lazy: true, hidden: true, nullable: true })
  tokenHash: Buffer | null = null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** After a failed send: not retried before this time (backoff on `attempts`). Null: due now. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null = null;

  /** Set when the link is used, or when a newer mail of the same kind supersedes this one. */
  @Property({ type: 'timestamptz', nullable: true })
  consumedAt: Date | null = null;

  /**
   * A newer mail of a kind supersedes the user's older unconsumed ones: an unsent one is never sent, a sent
   * one's link stops working. Done here, in the inserting transaction, so that code enqueueing a mail
   * synchronously (`enqueueInvitation`) keeps the rule without a query of its own.
   */
  @BeforeCreate()
  async supersedeOlderMails(args: EventArgs<EmailOutbox>): Promise<void> {
    if (this.consumedAt) return;
    // A user inserted in this same flush has no older mail to supersede.
    if (args.em.getUnitOfWork().getChangeSets().some((cs) => cs.type === ChangeSetType.CREATE && cs.entity === this.user)) return;
    await args.em.nativeUpdate(
      EmailOutbox,
      { account: this.account, user: this.user, kind: this.kind, consumedAt: null, id: { $ne: this.id } },
      { consumedAt: this.createdAt },
    );
  }
}
