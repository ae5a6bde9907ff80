import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { createApiToken, createScimToken, revokeApiToken, revokeScimToken } from '../../commands/manage-tokens';
import { rotateScimToken } from '../../commands/rotate-scim-token';
import { listApiTokens, listScimTokens } from '../../commands/token.queries';
import type { GqlContext } from '../context';
import type { ConnectionShape } from '../types/connection';
import { NewestFirstArgs, pageArgs, toConnection } from '../types/newest-first-page';
import {
  ApiTokenConnection,
  ApiTokenNode,
  CreateApiTokenInput,
  CreateApiTokenPayload,
  CreateScimTokenInput,
  CreateScimTokenPayload,
  RevokeApiTokenPayload,
  RevokeScimTokenPayload,
  RevokeTokenInput,
  RotateScimTokenInput,
  RotateScimTokenPayload,
  ScimTokenConnection,
  ScimTokenNode,
  toApiTokenNode,
  toScimTokenNode,
} from '../types/token.types';

/** Token metadata and the token mutations; a secret appears only in the payload of the mutation that made it. */
@Resolver()
export class TokenResolver {
  @Query(() => ScimTokenConnection, { description: 'The account\'s SCIM tokens, newest first, revoked and expired ones included.' })
  async scimTokens(@Args(() => NewestFirstArgs) args: NewestFirstArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<ScimTokenNode>> {
    const now = ctx.app.clock.now();
    return toConnection(await listScimTokens(ctx.app, pageArgs(args)), (t) => toScimTokenNode(t, now));
  }

  @Query(() => ApiTokenConnection, { description: 'The account\'s API tokens, newest first, revoked and expired ones included.' })
  async apiTokens(@Args(() => NewestFirstArgs) args: NewestFirstArgs, @Ctx() ctx: GqlContext): Promise<ConnectionShape<ApiTokenNode>> {
    const now = ctx.app.clock.now();
    return toConnection(await listApiTokens(ctx.app, pageArgs(args)), (t) => toApiTokenNode(t, now));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateScimTokenPayload)
  async createScimToken(@Arg('input', () => CreateScimTokenInput) input: CreateScimTokenInput, @Ctx() ctx: GqlContext): Promise<CreateScimTokenPayload> {
    const issued = await createScimToken(ctx.app, { name: input.name, expiresAt: input.expiresAt ?? null });
    return { scimToken: toScimTokenNode(issued.token, ctx.app.clock.now()), token: issued.secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateApiTokenPayload)
  async createApiToken(@Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput, @Ctx() ctx: GqlContext): Promise<CreateApiTokenPayload> {
    const issued = await createApiToken(ctx.app, { name: input.name, role: input.role, expiresAt: input.expiresAt ?? null });
    return { apiToken: toApiTokenNode(issued.token, ctx.app.clock.now()), token: issued.secret };
  }

  @Authorized('ADMIN')
  @Mutation(() => RevokeScimTokenPayload)
  async revokeScimToken(@Arg('input', () => RevokeTokenInput) input: RevokeTokenInput, @Ctx() ctx: GqlContext): Promise<RevokeScimTokenPayload> {
    const token = await revokeScimToken(ctx.app, { id: input.id });
    return { scimToken: toScimTokenNode(token, ctx.app.clock.now()) };
  }

  @Authorized('ADMIN')
  @Mutation(() => RevokeApiTokenPayload)
  async revokeApiToken(@Arg('input', () => RevokeTokenInput) input: RevokeTokenInput, @Ctx() ctx: GqlContext): Promise<RevokeApiTokenPayload> {
    const token = await revokeApiToken(ctx.app, { id: input.id });
    return { apiToken: toApiTokenNode(token, ctx.app.clock.now()) };
  }

  @Authorized('ADMIN')
  @Mutation(() => RotateScimTokenPayload, { description: 'A new SCIM token; the old one keeps working through the overlap, so the IdP can switch without a gap.' })
  async rotateScimToken(@Arg('input', () => RotateScimTokenInput) input: RotateScimTokenInput, @Ctx() ctx: GqlContext): Promise<RotateScimTokenPayload> {
    const rotated = await rotateScimToken(ctx.app, { id: input.id, overlapSeconds: input.overlapSeconds ?? null, expiresAt: input.expiresAt ?? null });
    const now = ctx.app.clock.now();
    return { scimToken: toScimTokenNode(rotated.token, now), previousScimToken: toScimTokenNode(rotated.previous, now), token: rotated.secret };
  }
}
