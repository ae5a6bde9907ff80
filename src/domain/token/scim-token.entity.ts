import { Entity, Index } from '@mikro-orm/core';
import { BearerToken } from './bearer-token.entity';

@Entity({ tableName: 'scim_token' })
@Index({ properties: ['account', 'createdAt'] })
export class ScimToken extends BearerToken {}
