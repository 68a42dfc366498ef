import DataLoader from 'dataloader';
import type { SubgraphContext } from '../../common/graphql/subgraph-context.ts';
import { byId } from '../../common/graphql/loaders.ts';
import { tenantService } from './tenant.service.ts';
import type { Tenant } from './tenant.entity.ts';
import type { User } from './user.entity.ts';

export interface TenantLoaders {
  tenant: DataLoader<string, Tenant | null>;
  user: DataLoader<string, User | null>;
}

export function createTenantLoaders(ctx: SubgraphContext): TenantLoaders {
  return {
    tenant: new DataLoader((ids) =>
      ctx.transaction((manager) => tenantService.findByIds(manager, ids)).then(byId(ids)),
    ),
    user: new DataLoader((ids) =>
      ctx.transaction((manager) => tenantService.findUsersByIds(manager, ids)).then(byId(ids)),
    ),
  };
}
