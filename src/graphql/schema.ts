import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';
import type { GqlContext } from './context';
import { ViewerResolver } from './resolvers/viewer.resolver';
import { IpAllowlistResolver } from './resolvers/ip-allowlist.resolver';

/** Roles live on API tokens; `@Authorized('ADMIN')` guards every mutation. */
const authChecker: AuthChecker<GqlContext> = ({ context }, roles) =>
  roles.length === 0 || (context.principal.actor.role !== null && roles.includes(context.principal.actor.role));

export function buildGraphqlSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [ViewerResolver, IpAllowlistResolver], authChecker, authMode: 'error', validate: false });
}

/** The SDL committed as `schema.graphql`; sorted so the file changes only when the schema does. */
export async function printGraphqlSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildGraphqlSchema()))}\n`;
}
