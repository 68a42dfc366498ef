import type { Identity } from '../../common/identity/identity.ts';

/**
 * Everything the subgraphs' rules may look at, in one string: two identities with the same scope
 * are allowed exactly the same, so their subscriptions may share upstream work.
 */
export function identityScope(identity: Identity): string {
  return JSON.stringify([
    identity.kind,
    identity.userId,
    identity.tenantId,
    [...identity.roles].sort(),
    [...identity.scopes].sort(),
    identity.tier,
  ]);
}
