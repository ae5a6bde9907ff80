import type { Ctx } from '../../commands/context';
import { createDirectoryLoaders, type DirectoryLoaders } from './directory.loaders';

/** Every DataLoader of one GraphQL request; built fresh per request, so nothing cached outlives it. */
export type Loaders = DirectoryLoaders;

export function createLoaders(ctx: Pick<Ctx, 'em' | 'accountId' | 'clock'>): Loaders {
  return { ...createDirectoryLoaders(ctx) };
}
