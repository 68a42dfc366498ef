import { allow, and, deny, or, rule } from 'graphql-shield';
import type { Role, Scope } from '../identity/identity.ts';
import { TIERS, tierAllows, type Feature, type Tier } from '../tiers.ts';
import type { SubgraphContext } from './subgraph-context.ts';
import { forbidden, unauthenticated } from './errors.ts';

export { allow, and, deny, or };

/**
 * graphql-shield refuses two different rules of one name, so a parameterised rule is made once per
 * name and shared by every permission map that asks for it.
 */
const ruleCache = new Map<string, ReturnType<ReturnType<typeof rule>>>();
const cachedRule = (name: string, make: () => ReturnType<ReturnType<typeof rule>>) => {
  if (!ruleCache.has(name)) ruleCache.set(name, make());
  return ruleCache.get(name)!;
};

/** Nobody presented a credential: UNAUTHENTICATED. Someone did but it does not fit: FORBIDDEN. */
const refuse = (ctx: SubgraphContext) => (ctx.identity.kind === 'anonymous' ? unauthenticated() : forbidden());

/** A signed-in user of the current tenant. */
export const isAuthenticated = rule({ cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) =>
  ctx.identity.kind === 'user' && ctx.identity.tenantId ? true : refuse(ctx),
);

/** A signed-in user or an API key: anyone acting for the current tenant. */
export const isTenantCaller = rule({ cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) =>
  ctx.identity.kind !== 'anonymous' && ctx.identity.tenantId ? true : refuse(ctx),
);

/** The caller holds one of these roles in the current tenant (SUPERADMIN holds every role). */
export const hasRole = (...roles: Role[]) =>
  cachedRule(`hasRole:${roles.join(',')}`, () =>
    rule(`hasRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      if (ctx.identity.kind !== 'user') return refuse(ctx);
      const held = ctx.identity.roles;
      return held.includes('SUPERADMIN') || roles.some((role) => held.includes(role)) ? true : forbidden();
    }),
  );

/** An API key granted one of these scopes (`admin` grants them all). */
export const hasScope = (...scopes: Scope[]) =>
  cachedRule(`hasScope:${scopes.join(',')}`, () =>
    rule(`hasScope:${scopes.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      if (ctx.identity.kind !== 'api_key') return refuse(ctx);
      const granted = ctx.identity.scopes;
      return granted.includes('admin') || scopes.some((scope) => granted.includes(scope)) ? true : forbidden();
    }),
  );

/** The tenant's current tier includes this feature. */
export const tierIncludes = (feature: Feature) =>
  cachedRule(`tierIncludes:${feature}`, () =>
    rule(`tierIncludes:${feature}`, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      const tier = ctx.identity.tier as Tier | null;
      if (!tier || !TIERS.includes(tier)) return refuse(ctx);
      return tierAllows(tier, feature) ? true : forbidden(`Your tier does not include ${feature}`);
    }),
  );

/** The object is the caller's own user record. Decided per object, never cached across a list. */
export const isSelf = rule({ cache: 'no_cache' })((parent: { id?: string }, _args, ctx: SubgraphContext) =>
  ctx.identity.kind === 'user' && parent.id === ctx.identity.userId ? true : refuse(ctx),
);

/**
 * The object belongs to the caller's tenant: a second lock behind row-level security, per object
 * (never cached across a list). For objects with a `tenantId`.
 */
export const sameTenant = rule({ cache: 'no_cache' })((parent: { tenantId?: string }, _args, ctx: SubgraphContext) =>
  parent.tenantId !== undefined && parent.tenantId === ctx.identity.tenantId ? true : forbidden(),
);

/** The object is the caller's tenant itself. */
export const isOwnTenant = rule({ cache: 'no_cache' })((parent: { id?: string }, _args, ctx: SubgraphContext) =>
  parent.id !== undefined && parent.id === ctx.identity.tenantId ? true : forbidden(),
);

/** The signed-in user is the one the object names in `ownerField` (an order's customer, say). Per object. */
export const isOwner = (ownerField: string) =>
  rule(`isOwner:${ownerField}`, { cache: 'no_cache' })(
    (parent: Record<string, unknown>, _args, ctx: SubgraphContext) =>
      ctx.identity.kind === 'user' && parent[ownerField] === ctx.identity.userId ? true : refuse(ctx),
  );
