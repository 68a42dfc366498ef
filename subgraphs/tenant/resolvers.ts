import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';
import { tenantService } from './tenant.service.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    currentTenant: (_, __, ctx) => ctx.loaders.tenant.load(ctx.identity.tenantId!),
    me: (_, __, ctx) => ctx.loaders.user.load(ctx.identity.userId!),
  },
  Mutation: {
    login: (_, { input }, ctx) => ctx.auth.login(input),
  },
  Tenant: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.tenant.load(id),
  },
  User: {
    __resolveReference: ({ id }, ctx) => ctx.loaders.user.load(id),
    role: ({ id }, _, ctx) => ctx.transaction((manager) => tenantService.roleOf(manager, ctx.identity.tenantId!, id)),
  },
};
