import { DateTimeScalar } from '../../common/graphql/scalars.ts';
import type { TenantContext } from './context.ts';
import type { LoginInput } from './auth.service.ts';
import { tenantService } from './tenant.service.ts';

export const resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    currentTenant: (_: unknown, __: unknown, ctx: TenantContext) => ctx.loaders.tenant.load(ctx.identity.tenantId!),
    me: (_: unknown, __: unknown, ctx: TenantContext) => ctx.loaders.user.load(ctx.identity.userId!),
  },
  Mutation: {
    login: (_: unknown, { input }: { input: LoginInput }, ctx: TenantContext) => ctx.auth.login(input),
  },
  Tenant: {
    __resolveReference: ({ id }: { id: string }, ctx: TenantContext) => ctx.loaders.tenant.load(id),
  },
  User: {
    __resolveReference: ({ id }: { id: string }, ctx: TenantContext) => ctx.loaders.user.load(id),
    role: ({ id }: { id: string }, _: unknown, ctx: TenantContext) =>
      ctx.transaction((manager) => tenantService.roleOf(manager, ctx.identity.tenantId!, id)),
  },
};
