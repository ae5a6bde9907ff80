import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { GroupView } from '../../commands/groups/group-directory.queries';
import { ManagedBy } from '../../domain/user/user.entity';
import { Connection } from './connection';
import './user.types';

@ObjectType('Group', { description: 'A team in the account.' })
export class GroupNode {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique in the account, ignoring case.' })
  displayName!: string;

  @Field(() => String, { nullable: true })
  externalId!: string | null;

  @Field(() => ManagedBy)
  managedBy!: ManagedBy;

  @Field(() => Int, { description: 'How many members the group has (stored with the group, so reading it costs nothing).' })
  memberCount!: number;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

export const GroupConnection = Connection(GroupNode, 'Group');

/** From an entity (a command's result) or a plain row (a query's). */
export function toGroupNode(group: GroupView): GroupNode {
  return {
    id: group.id,
    displayName: group.displayName,
    externalId: group.externalId,
    managedBy: group.managedBy,
    memberCount: group.memberCount,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

@InputType({ description: 'Every field given must match.' })
export class GroupFilterInput {
  @Field(() => String, { nullable: true, description: 'Part of the name, ignoring case.' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'The whole name, ignoring case: at most one group, however many others contain it.' })
  displayName?: string | null;

  @Field(() => ManagedBy, { nullable: true })
  managedBy?: ManagedBy | null;
}

@InputType()
export class CreateGroupInput {
  @Field()
  displayName!: string;
}

@ObjectType()
export class CreateGroupPayload {
  @Field(() => GroupNode)
  group!: GroupNode;
}

@InputType()
export class RenameGroupInput {
  @Field(() => ID)
  id!: string;

  @Field()
  displayName!: string;
}

@ObjectType()
export class RenameGroupPayload {
  @Field(() => GroupNode)
  group!: GroupNode;
}

@InputType()
export class DeleteGroupInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class DeleteGroupPayload {
  @Field(() => ID)
  deletedGroupId!: string;
}

@InputType()
export class AddGroupMembersInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => [ID], { description: 'Users to add; members already in the group are skipped.' })
  userIds!: string[];
}

@ObjectType()
export class AddGroupMembersPayload {
  @Field(() => GroupNode)
  group!: GroupNode;

  @Field(() => Int, { description: 'How many of the users were not members before.' })
  addedCount!: number;
}

@InputType()
export class RemoveGroupMembersInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => [ID], { description: 'Users to remove; non-members are skipped.' })
  userIds!: string[];
}

@ObjectType()
export class RemoveGroupMembersPayload {
  @Field(() => GroupNode)
  group!: GroupNode;

  @Field(() => Int)
  removedCount!: number;
}
