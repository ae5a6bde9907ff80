import { DateTimeResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import { ApiRole, type ApiToken } from '../../domain/token/api-token.entity';
import { TokenState, type BearerToken } from '../../domain/token/bearer-token.entity';
import type { ScimToken } from '../../domain/token/scim-token.entity';
import { Connection } from './connection';

registerEnumType(TokenState, { name: 'TokenState', description: 'Whether a token authenticates now: ACTIVE, or not any more because it EXPIRED or was REVOKED.' });

@InterfaceType('Token', { description: 'What every bearer token shows: metadata only, never its secret or digest.' })
abstract class TokenFields {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Where the token is used, e.g. "Okta production".' })
  name!: string;

  @Field({ description: 'The non-secret start of the token, e.g. rst_scim_1a2b3c4d5e6f7a8b: enough to recognize a leaked token.' })
  prefix!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the token last authenticated a request (to the minute).' })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => TokenState)
  state!: TokenState;
}

@ObjectType('ScimToken', { implements: TokenFields, description: 'A bearer token an IdP uses on the account\'s SCIM endpoint.' })
export class ScimTokenNode extends TokenFields {}

@ObjectType('ApiToken', { implements: TokenFields, description: 'A bearer token for this GraphQL API.' })
export class ApiTokenNode extends TokenFields {
  @Field(() => ApiRole)
  role!: ApiRole;
}

export const ScimTokenConnection = Connection(ScimTokenNode, 'ScimToken');
export const ApiTokenConnection = Connection(ApiTokenNode, 'ApiToken');

function tokenFields(token: BearerToken, now: Date): TokenFields {
  return {
    id: token.id,
    name: token.name,
    prefix: token.displayPrefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    state: token.stateAt(now),
  };
}

export function toScimTokenNode(token: ScimToken, now: Date): ScimTokenNode {
  return tokenFields(token, now);
}

export function toApiTokenNode(token: ApiToken, now: Date): ApiTokenNode {
  return { ...tokenFields(token, now), role: token.role };
}

@InputType()
export class CreateScimTokenInput {
  @Field({ description: 'Where the token will be used, e.g. "Okta production".' })
  name!: string;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the token stops working; never when omitted.' })
  expiresAt?: Date | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field()
  name!: string;

  @Field(() => ApiRole)
  role!: ApiRole;

  @Field(() => DateTimeResolver, { nullable: true })
  expiresAt?: Date | null;
}

@InputType()
export class RevokeTokenInput {
  @Field(() => ID)
  id!: string;
}

@InputType()
export class RotateScimTokenInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Seconds the old token keeps working from now (0 to 2592000): its expiry is brought forward to the end of the overlap. Omitted: it works until revoked or until its own expiry.',
  })
  overlapSeconds?: number | null;

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the new token stops working; never when omitted.' })
  expiresAt?: Date | null;
}

@ObjectType()
export class CreateScimTokenPayload {
  @Field(() => ScimTokenNode)
  scimToken!: ScimTokenNode;

  @Field({ description: 'The secret bearer token. Shown in this payload only: it cannot be read again.' })
  token!: string;
}

@ObjectType()
export class CreateApiTokenPayload {
  @Field(() => ApiTokenNode)
  apiToken!: ApiTokenNode;

  @Field({ description: 'The secret bearer token. Shown in this payload only: it cannot be read again.' })
  token!: string;
}

@ObjectType()
export class RevokeScimTokenPayload {
  @Field(() => ScimTokenNode)
  scimToken!: ScimTokenNode;
}

@ObjectType()
export class RevokeApiTokenPayload {
  @Field(() => ApiTokenNode)
  apiToken!: ApiTokenNode;
}

@ObjectType()
export class RotateScimTokenPayload {
  @Field(() => ScimTokenNode, { description: 'The new token.' })
  scimToken!: ScimTokenNode;

  @Field(() => ScimTokenNode, { description: 'The rotated token, with the expiry the overlap gave it.' })
  previousScimToken!: ScimTokenNode;

  @Field({ description: 'The new secret bearer token. Shown in this payload only: it cannot be read again.' })
  token!: string;
}
