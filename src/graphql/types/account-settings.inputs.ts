import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { LicenseType } from '../../domain/account/license-type';
import { AccountNode } from './account.types';

@InputType({ description: 'The settings to change; an omitted field keeps its value.' })
export class UpdateAccountSettingsInput {
  @Field(() => Boolean, { nullable: true })
  scimEnabled?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  allowManualUpdates?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Changing it re-resolves every user\'s license.' })
  scimLicenseManagement?: boolean | null;

  @Field(() => LicenseType, { nullable: true, description: 'null removes the default. Changing it re-resolves every user\'s license.' })
  defaultLicenseType?: LicenseType | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Turning it on is refused with USER_NAME_POLICY_CONFLICT while any user\'s userName is not their email address.',
  })
  userNameMustMatchEmail?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Refuse requests from outside the IP allowlist. Turning it on is refused with IP_ALLOWLIST_LOCKOUT while the list is empty or misses your address, unless `force`.',
  })
  ipAllowlistEnforced?: boolean | null;

  @Field({ defaultValue: false, description: 'Turn ipAllowlistEnforced on even though the lock-out guard refuses it.' })
  force!: boolean;
}

@ObjectType()
export class UpdateAccountSettingsPayload {
  @Field(() => AccountNode)
  account!: AccountNode;

  @Field(() => [String], { description: 'The settings whose value changed (none when every value was already as asked).' })
  changedSettings!: string[];

  @Field(() => Int, { description: 'How many users\' licenses changed as a result.' })
  licensesChanged!: number;
}
