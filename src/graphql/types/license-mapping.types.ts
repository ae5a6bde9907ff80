import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { LicenseType } from '../../domain/account/license-type';
import type { LicenseMapping } from '../../domain/license/license-mapping.entity';
import './account.types';

@ObjectType('LicenseMapping', { description: 'Members of groups with this name (ignoring case) get this license; the best-ranked mapping wins.' })
export class LicenseMappingNode {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'A group name, compared ignoring case; the group need not exist yet.' })
  groupName!: string;

  @Field(() => LicenseType)
  licenseType!: LicenseType;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

export function toLicenseMappingNode(mapping: LicenseMapping): LicenseMappingNode {
  return { id: mapping.id, groupName: mapping.groupName, licenseType: mapping.licenseType, createdAt: mapping.createdAt, updatedAt: mapping.updatedAt };
}

@InputType()
export class CreateLicenseMappingInput {
  @Field()
  groupName!: string;

  @Field(() => LicenseType)
  licenseType!: LicenseType;
}

@ObjectType()
export class CreateLicenseMappingPayload {
  @Field(() => LicenseMappingNode)
  licenseMapping!: LicenseMappingNode;

  @Field(() => Int, { description: 'How many users\' license changed.' })
  usersChanged!: number;
}

@InputType({ description: 'An omitted field is kept.' })
export class UpdateLicenseMappingInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  groupName?: string;

  @Field(() => LicenseType, { nullable: true })
  licenseType?: LicenseType;
}

@ObjectType()
export class UpdateLicenseMappingPayload {
  @Field(() => LicenseMappingNode)
  licenseMapping!: LicenseMappingNode;

  @Field(() => Int, { description: 'How many users\' license changed.' })
  usersChanged!: number;
}

@InputType()
export class DeleteLicenseMappingInput {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class DeleteLicenseMappingPayload {
  @Field(() => ID)
  deletedLicenseMappingId!: string;

  @Field(() => Int, { description: 'How many users\' license changed.' })
  usersChanged!: number;
}
