import { Entity, Enum, Index } from '@mikro-orm/core';
import { BearerToken } from './bearer-token.entity';

export enum ApiRole {
  ADMIN = 'ADMIN',
  READ_ONLY = 'READ_ONLY',
}

@Entity({ tableName: 'api_token' })
@Index({ properties: ['account', 'createdAt'] })
export class ApiToken extends BearerToken {
  @Enum({ items: () => ApiRole, nativeEnumName: 'api_role' })
  role: ApiRole = ApiRole.ADMIN;
}
