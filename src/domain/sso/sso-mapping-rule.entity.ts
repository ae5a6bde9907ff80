import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Account } from '../account/account.entity';
import { Group } from '../group/group.entity';

export enum SsoMatchType {
  /** The claim value equals `claimValue`, ignoring case. */
  EXACT = 'exact',
  /** `claimValue` is a glob (`*` any run of characters, `?` one character), matched ignoring case. */
  PATTERN = 'pattern',
}

/**
 * Maps a value of the SSO assertion's groups claim to an internal group: applied at SSO sign-in to the
 * memberships of users that are not SCIM-managed (SCIM-managed users get their groups from the IdP's pushes).
 */
@Entity({ tableName: 'sso_mapping_rule' })
@Unique({ name: 'sso_mapping_rule_account_claim_group_unique', properties: ['account', 'claimKey', 'group'] })
@Index({ name: 'sso_mapping_rule_group_index', properties: ['group'] })
export class SsoMappingRule {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'matchType';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account!: Account;

  /** As the admin typed it. */
  @Property({ type: 'text' })
  claimValue!: string;

  /** `claimValue` normalized (NFC, lower case): what matching and uniqueness compare. */
  @Property({ type: 'text' })
  claimKey!: string;

  @Enum({ items: () => SsoMatchType, nativeEnumName: 'sso_match_type' })
  matchType: SsoMatchType = SsoMatchType.EXACT;

  @ManyToOne(() => Group, { deleteRule: 'cascade' })
  group!: Group;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
