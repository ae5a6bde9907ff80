import { DateTimeResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EmailKind, type EmailOutbox } from '../../domain/email/email-outbox.entity';
import { Connection } from './connection';
import { NewestFirstArgs } from './newest-first-page';

registerEnumType(EmailKind, { name: 'EmailKind', description: 'INVITATION: the first sign-in link; EMAIL_CHANGE: the confirmation of a new address.' });

@ObjectType('OutboxEmail', { description: 'A transactional email that still does something: waiting to be sent, or sent with a link not used yet. Never its token.' })
export class OutboxEmailNode {
  @Field(() => ID)
  id!: string;

  @Field(() => EmailKind)
  kind!: EmailKind;

  @Field()
  toAddress!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Null until delivered.' })
  sentAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the sent link stops working.' })
  expiresAt!: Date | null;

  @Field(() => Int, { description: 'Failed delivery attempts so far.' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'The mail server\'s answer to the last failed attempt.' })
  lastError!: string | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'Not retried before this time after a failure; null: due now.' })
  nextAttemptAt!: Date | null;
}

export const OutboxEmailConnection = Connection(OutboxEmailNode, 'OutboxEmail');

@ArgsType()
export class EmailOutboxArgs extends NewestFirstArgs {
  @Field(() => EmailKind, { nullable: true })
  kind?: EmailKind | null;

  @Field(() => ID, { nullable: true })
  userId?: string | null;
}

export function toOutboxEmailNode(mail: EmailOutbox): OutboxEmailNode {
  return {
    id: mail.id,
    kind: mail.kind,
    toAddress: mail.toAddress,
    userId: mail.user.id,
    createdAt: mail.createdAt,
    sentAt: mail.sentAt,
    expiresAt: mail.expiresAt,
    attempts: mail.attempts,
    lastError: mail.lastError,
    nextAttemptAt: mail.nextAttemptAt,
  };
}
