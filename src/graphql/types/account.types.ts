import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { LicenseType } from '../../domain/account/license-type';
import { ApiRole } from '../../domain/token/api-token.entity';

registerEnumType(LicenseType, { name: 'LicenseType', description: 'The license a user holds in the product.' });
registerEnumType(ApiRole, { name: 'ApiRole', description: 'What an API token may do: ADMIN may change anything, READ_ONLY may only query.' });

@ObjectType({ description: 'How the account provisions users and who may change them.' })
export class AccountSettings {
  @Field({ description: 'Whether the SCIM endpoint accepts requests.' })
  scimEnabled!: boolean;

  @Field({ description: 'When off (the default), SCIM-managed users and groups are read-only to admins.' })
  allowManualUpdates!: boolean;

  @Field({ description: 'When on, the SCIM licenseType attribute decides a user\'s license instead of license mappings.' })
  scimLicenseManagement!: boolean;

  @Field(() => LicenseType, { nullable: true, description: 'The license of users no mapping or SCIM attribute gives one.' })
  defaultLicenseType!: LicenseType | null;

  @Field({ description: 'Whether requests from addresses outside the IP allowlist are refused.' })
  ipAllowlistEnforced!: boolean;

  @Field({
    description:
      "When on (the default), a user's userName must be their sign-in email address. Off: any non-empty userName without control characters.",
  })
  userNameMustMatchEmail!: boolean;
}

@ObjectType('Account', { description: 'A tenant: one customer of the product, with its own users, groups and tokens.' })
export class AccountNode {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => AccountSettings)
  settings!: AccountSettings;
}

@ObjectType({ description: 'The API token making the request (never its secret).' })
export class ViewerToken {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => ApiRole)
  role!: ApiRole;
}

@ObjectType({ description: 'Who is asking: the account and the token of this request.' })
export class Viewer {
  @Field(() => AccountNode)
  account!: AccountNode;

  @Field(() => ViewerToken)
  token!: ViewerToken;
}
