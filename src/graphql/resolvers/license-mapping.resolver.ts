import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { createLicenseMapping } from '../../commands/licenses/create-license-mapping';
import { deleteLicenseMapping } from '../../commands/licenses/delete-license-mapping';
import { listLicenseMappings } from '../../commands/licenses/license-mapping.queries';
import { updateLicenseMapping } from '../../commands/licenses/update-license-mapping';
import type { GqlContext } from '../context';
import {
  CreateLicenseMappingInput,
  CreateLicenseMappingPayload,
  DeleteLicenseMappingInput,
  DeleteLicenseMappingPayload,
  LicenseMappingNode,
  toLicenseMappingNode,
  UpdateLicenseMappingInput,
  UpdateLicenseMappingPayload,
} from '../types/license-mapping.types';

/** License mappings; each change resolves the affected users' licenses again, in SQL, in its transaction. */
@Resolver(() => LicenseMappingNode)
export class LicenseMappingResolver {
  @Query(() => [LicenseMappingNode], { description: 'Every license mapping of the account, by group name (an account has a handful: not paged).' })
  async licenseMappings(@Ctx() ctx: GqlContext): Promise<LicenseMappingNode[]> {
    return (await listLicenseMappings(ctx.app)).map(toLicenseMappingNode);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreateLicenseMappingPayload, { description: 'LICENSE_MAPPING_EXISTS when the group name is mapped already (ignoring case).' })
  async createLicenseMapping(@Arg('input') input: CreateLicenseMappingInput, @Ctx() ctx: GqlContext): Promise<CreateLicenseMappingPayload> {
    const result = await createLicenseMapping(ctx.app, input);
    return { licenseMapping: toLicenseMappingNode(result.mapping), usersChanged: result.usersChanged };
  }

  @Authorized('ADMIN')
  @Mutation(() => UpdateLicenseMappingPayload)
  async updateLicenseMapping(@Arg('input') input: UpdateLicenseMappingInput, @Ctx() ctx: GqlContext): Promise<UpdateLicenseMappingPayload> {
    const result = await updateLicenseMapping(ctx.app, {
      id: input.id,
      ...(input.groupName != null ? { groupName: input.groupName } : {}),
      ...(input.licenseType != null ? { licenseType: input.licenseType } : {}),
    });
    return { licenseMapping: toLicenseMappingNode(result.mapping), usersChanged: result.usersChanged };
  }

  @Authorized('ADMIN')
  @Mutation(() => DeleteLicenseMappingPayload)
  async deleteLicenseMapping(@Arg('input') input: DeleteLicenseMappingInput, @Ctx() ctx: GqlContext): Promise<DeleteLicenseMappingPayload> {
    const result = await deleteLicenseMapping(ctx.app, input);
    return { deletedLicenseMappingId: result.mapping.id, usersChanged: result.usersChanged };
  }
}
