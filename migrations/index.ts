import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123183516 } from './Migration20261123183516';
import { Migration20261123184124 } from './Migration20261123184124';
import { Migration20261123184349 } from './Migration20261123184349';
import { Migration20261123184654 } from './Migration20261123184654';
import { Migration20261123190054 } from './Migration20261123190054';
import { Migration20261123190142 } from './Migration20261123190142';
import { Migration20261123190331 } from './Migration20261123190331';
import { Migration20261207040000 } from './Migration20261207040000';

/**
 * Listed explicitly rather than globbed, so compiled builds and Jest load the same set.
 * `npm run migration:create` rewrites this file.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123183516', class: Migration20261123183516 },
  { name: 'Migration20261123184124', class: Migration20261123184124 },
  { name: 'Migration20261123184349', class: Migration20261123184349 },
  { name: 'Migration20261123184654', class: Migration20261123184654 },
  { name: 'Migration20261123190054', class: Migration20261123190054 },
  { name: 'Migration20261123190142', class: Migration20261123190142 },
  { name: 'Migration20261123190331', class: Migration20261123190331 },
  { name: 'Migration20261207040000', class: Migration20261207040000 },
];
