import { allow, and, chain, deny, or, rule } from 'graphql-shield';
import { isRepeat } from '../database/idempotency.ts';
import type { Role, Scope } from '../identity/identity.ts';
import { QUOTAS, isTier, tierAllows, tierLimit, type Feature, type QuotaMetric } from '../tiers.ts';
import type { SubgraphContext } from './subgraph-context.ts';
import { forbidden, quotaExceeded, unauthenticated } from './errors.ts';

export { allow, and, chain, deny, or, rule };

type Rule = ReturnType<ReturnType<typeof rule>>;
const made = new Map<string, Rule>();
/** Shield refuses two rules of one name in a tree, so a parameterised rule is made once per name. */
const once = (name: string, make: (name: string) => Rule): Rule => {
  if (!made.has(name)) made.set(name, make(name));
  return made.get(name)!;
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

/**
 * The caller holds one of these roles: a tenant role in the current tenant, or SUPERADMIN, the
 * platform operator's, which is held in no tenant and grants no tenant role.
 */
export const hasRole = (...roles: Role[]) =>
  once(`hasRole:${roles.join(',')}`, (name) =>
    rule(name, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      const { kind, tenantId, roles: held } = ctx.identity;
      if (kind !== 'user') return refuse(ctx);
      const holds = (role: Role) => held.includes(role) && (role === 'SUPERADMIN' ? !tenantId : !!tenantId);
      return roles.some(holds) ? true : forbidden();
    }),
  );

/** A platform operator: for platform-level operations across every tenant. */
export const isPlatformOperator = hasRole('SUPERADMIN');

/** An API key granted one of these scopes (`admin` grants them all). */
export const hasScope = (...scopes: Scope[]) =>
  once(`hasScope:${scopes.join(',')}`, (name) =>
    rule(name, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      if (ctx.identity.kind !== 'api_key') return refuse(ctx);
      const granted = ctx.identity.scopes;
      return granted.includes('admin') || scopes.some((scope) => granted.includes(scope)) ? true : forbidden();
    }),
  );

/** The tenant's current tier includes this feature. */
export const tierIncludes = (feature: Feature) =>
  once(`tierIncludes:${feature}`, (name) =>
    rule(name, { cache: 'contextual' })((_parent, _args, ctx: SubgraphContext) => {
      const tier = ctx.identity.tier;
      if (!isTier(tier)) return refuse(ctx);
      return tierAllows(tier, feature) ? true : forbidden(`Your tier does not include ${feature}`);
    }),
  );

/**
 * The tenant's tier leaves room for one more of `metric`; QUOTA_EXCEEDED with `limit` and `used`
 * otherwise. The subgraph that keeps the count supplies the current use (`ctx.quotaUsage`). A repeat
 * of an idempotent mutation (`input.idempotencyKey` already used for this field) makes nothing new,
 * so it passes. Put it after the rules that decide who may call (`chain`), so refusals cost no count.
 */
export const withinQuota = (metric: QuotaMetric) =>
  once(`withinQuota:${metric}`, (name) =>
    rule(name, { cache: 'no_cache' })(async (_parent, args, ctx: SubgraphContext, info) => {
      const { tenantId, tier } = ctx.identity;
      if (!tenantId || !isTier(tier)) return refuse(ctx);
      const limit = tierLimit(tier, metric);
      if (limit === null) return true;
      // Shield turns a thrown error into a denial; returned, a fault stays a fault.
      try {
        const count = ctx.quotaUsage?.[metric];
        if (!count)
          throw new Error(`withinQuota(${metric}) on ${info.fieldName}, but this subgraph keeps no such count`);
        const used = await count();
        if (used < limit) return true;
        const key = (args as { input?: { idempotencyKey?: unknown } }).input?.idempotencyKey;
        const repeat =
          typeof key === 'string' &&
          (await ctx.transaction((manager) => isRepeat(manager, { tenantId, operation: info.fieldName, key })));
        if (repeat) return true;
        const message = `The ${tier} tier allows ${limit} ${QUOTAS[metric].unit} and ${used} are in use`;
        return quotaExceeded(message, limit, used);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
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
  once(`isOwner:${ownerField}`, (name) =>
    rule(name, { cache: 'no_cache' })((parent: Record<string, unknown>, _args, ctx: SubgraphContext) =>
      ctx.identity.kind === 'user' && parent[ownerField] === ctx.identity.userId ? true : refuse(ctx),
    ),
  );
