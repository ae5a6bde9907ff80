import { Account } from '../domain/account/account.entity';
import { ApiToken } from '../domain/token/api-token.entity';
import { BearerToken } from '../domain/token/bearer-token.entity';
import { ScimToken } from '../domain/token/scim-token.entity';
import { ProvisioningEvent } from '../domain/provisioning/provisioning-event.entity';
import { EmailOutbox } from '../domain/email/email-outbox.entity';
import { IpAllowlistEntry } from '../domain/ip-allowlist/ip-allowlist-entry.entity';
import { Group } from '../domain/group/group.entity';
import { GroupMembership } from '../domain/group/group-membership.entity';
import { LicenseMapping } from '../domain/license/license-mapping.entity';
import { PageBookmark } from '../domain/paging/page-bookmark.entity';
import { SsoMappingRule } from '../domain/sso/sso-mapping-rule.entity';
import { User } from '../domain/user/user.entity';
import { UserEmail } from '../domain/user/user-email.entity';

/** Every entity MikroORM manages; listed explicitly so a build never depends on folder scanning. */
export const entities = [Account, BearerToken, ScimToken, ApiToken, ProvisioningEvent, User, UserEmail, EmailOutbox, PageBookmark, Group, GroupMembership, LicenseMapping, SsoMappingRule, IpAllowlistEntry];
