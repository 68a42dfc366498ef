import { allow, deny, rule } from 'graphql-shield';
import type { Role } from '../identity/identity.ts';
import type { SubgraphContext } from './subgraph-context.ts';
import { forbidden, unauthenticated } from './errors.ts';

export { allow, deny };

/** The caller presented a valid credential for a user. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) =>
  ctx.identity.kind === 'user' && ctx.identity.tenantId ? true : unauthenticated(),
);

/** The caller holds one of these roles in the current tenant (SUPERADMIN holds every role). */
export const hasRole = (...roles: Role[]) =>
  rule(`hasRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
    if (ctx.identity.kind !== 'user') return unauthenticated();
    const held = ctx.identity.roles;
    return held.includes('SUPERADMIN') || roles.some((role) => held.includes(role)) ? true : forbidden();
  });
