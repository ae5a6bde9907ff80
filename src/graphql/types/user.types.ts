import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { LicenseSource, LicenseType } from '../../domain/account/license-type';
import type { UserView } from '../../commands/users/user-directory.queries';
import { ManagedBy, type User } from '../../domain/user/user.entity';
import './account.types';
import { Connection } from './connection';

registerEnumType(ManagedBy, { name: 'ManagedBy', description: 'Who owns a user or group: SCIM (the IdP; read-only to admins unless manual updates are allowed) or MANUAL.' });
registerEnumType(LicenseSource, { name: 'LicenseSource', description: 'Why a user holds its license: the SCIM licenseType attribute, a license MAPPING of one of its groups, or the account DEFAULT.' });

export enum UserState {
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
  INVITED = 'INVITED',
}
registerEnumType(UserState, { name: 'UserState', description: 'DEACTIVATED when not active; else INVITED until the invitation is accepted; else ACTIVE.' });

@ObjectType('User', { description: 'A person in the account.' })
export class UserNode {
  @Field(() => ID)
  id!: string;

  @Field()
  userName!: string;

  @Field(() => String, { nullable: true, description: 'The effective sign-in address; a change takes effect once the new address confirms it.' })
  email!: string | null;

  @Field(() => String, { nullable: true })
  givenName!: string | null;

  @Field(() => String, { nullable: true })
  middleName!: string | null;

  @Field(() => String, { nullable: true })
  familyName!: string | null;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field()
  active!: boolean;

  @Field(() => ManagedBy)
  managedBy!: ManagedBy;

  @Field(() => UserState)
  state!: UserState;

  @Field(() => LicenseType, { nullable: true })
  licenseType!: LicenseType | null;

  @Field(() => LicenseSource, { nullable: true })
  licenseSource!: LicenseSource | null;

  @Field({ description: 'Licensed, but the invitation is not accepted yet.' })
  licensePending!: boolean;

  @Field(() => DateTimeResolver, { nullable: true })
  invitedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  invitationAcceptedAt!: Date | null;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

export const UserConnection = Connection(UserNode, 'User');

export function userState(user: Pick<User, 'active' | 'invitedAt' | 'invitationAcceptedAt'>): UserState {
  if (!user.active) return UserState.DEACTIVATED;
  return user.invitedAt && !user.invitationAcceptedAt ? UserState.INVITED : UserState.ACTIVE;
}

/** From an entity (a command's result) or a plain row (a query's). */
export function toUserNode(user: UserView): UserNode {
  return {
    id: user.id,
    userName: user.userName,
    email: user.email,
    givenName: user.givenName,
    middleName: user.middleName,
    familyName: user.familyName,
    displayName: user.displayName,
    title: user.title,
    active: user.active,
    managedBy: user.managedBy,
    state: userState(user),
    licenseType: user.licenseType,
    licenseSource: user.licenseSource,
    licensePending: user.licenseType !== null && user.invitationAcceptedAt === null,
    invitedAt: user.invitedAt,
    invitationAcceptedAt: user.invitationAcceptedAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

@InputType({ description: 'Every field given must match.' })
export class UserFilterInput {
  @Field(() => String, { nullable: true, description: 'Part of the userName, the email or a name, ignoring case.' })
  search?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => ManagedBy, { nullable: true })
  managedBy?: ManagedBy | null;

  @Field(() => LicenseType, { nullable: true })
  licenseType?: LicenseType | null;

  @Field(() => Boolean, { nullable: true, description: 'Licensed users whose invitation is (true) or is not (false) still unaccepted.' })
  licensePending?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Members of this group.' })
  groupId?: string | null;
}

@InputType()
export class InviteUserInput {
  @Field({ description: 'Unique in the account, ignoring case; the email address while the account\'s userName = email rule is on.' })
  userName!: string;

  @Field(() => String, { nullable: true, description: 'Where the invitation goes; the userName when omitted.' })
  email?: string | null;

  @Field(() => String, { nullable: true })
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  familyName?: string | null;

  @Field(() => String, { nullable: true })
  displayName?: string | null;
}

@ObjectType()
export class InviteUserPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType({ description: 'An omitted field is kept; null clears a name. While the userName = email rule is on, changing one of userName and email changes the other.' })
export class UpdateUserInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  userName?: string;

  @Field(() => String, { nullable: true, description: 'The new sign-in address: pendingEmail until the new address confirms it.' })
  email?: string;

  @Field(() => String, { nullable: true })
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  middleName?: string | null;

  @Field(() => String, { nullable: true })
  familyName?: string | null;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => String, { nullable: true })
  title?: string | null;
}

@ObjectType()
export class UpdateUserPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType()
export class DeactivateUserInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class DeactivateUserPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType()
export class ReactivateUserInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class ReactivateUserPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType()
export class DeleteUserInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class DeleteUserPayload {
  @Field(() => ID)
  deletedUserId!: string;
}

@InputType()
export class ResendInvitationInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class ResendInvitationPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The token of the invitation link.' })
  token!: string;
}

@ObjectType()
export class AcceptInvitationPayload {
  @Field(() => UserNode)
  user!: UserNode;
}

@InputType()
export class ConfirmEmailChangeInput {
  @Field({ description: 'The token of the confirmation link mailed to the new address.' })
  token!: string;
}

@ObjectType()
export class ConfirmEmailChangePayload {
  @Field(() => UserNode)
  user!: UserNode;
}
