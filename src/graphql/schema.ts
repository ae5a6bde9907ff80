import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import type { GqlContext } from './context';
import { ViewerResolver } from './resolvers/viewer.resolver';
import { IpAllowlistResolver } from './resolvers/ip-allowlist.resolver';
import { AccountResolver } from './resolvers/account.resolver';
import { TokenResolver } from './resolvers/token.resolver';
import { ProvisioningEventResolver } from './resolvers/provisioning-event.resolver';
import { EmailOutboxResolver } from './resolvers/email-outbox.resolver';
import { UserResolver } from './resolvers/user.resolver';
import { GroupResolver } from './resolvers/group.resolver';
import { LicenseMappingResolver } from './resolvers/license-mapping.resolver';
import { SsoResolver } from './resolvers/sso.resolver';

/** Roles live on API tokens; `@Authorized('ADMIN')` guards every mutation. */
const authChecker: AuthChecker<GqlContext> = ({ context }, roles) =>
  roles.length === 0 || (context.principal.actor.role !== null && roles.includes(context.principal.actor.role));

export function buildGraphqlSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ViewerResolver, IpAllowlistResolver, AccountResolver, TokenResolver, ProvisioningEventResolver, EmailOutboxResolver, UserResolver, GroupResolver, LicenseMappingResolver, SsoResolver], authChecker, authMode: 'error', validate: false });
}

/** The SDL committed as `schema.graphql`; sorted so the file changes only when the schema does. */
export async function printGraphqlSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildGraphqlSchema()))}\n`;
}
