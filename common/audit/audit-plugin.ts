import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Database } from '../database/database.ts';
import { recordEvents } from '../events/outbox.ts';
import { isUuid } from '../graphql/ids.ts';
import type { SubgraphContext } from '../graphql/subgraph-context.ts';
import { auditRecorded, type AuditOutcome } from './audit-record.ts';

/**
 * Records every mutation field this subgraph executes (who, tenant, which field, the ids it touched,
 * how it ended, from where) as an AuditRecorded event in the subgraph's outbox. The tenant subgraph
 * keeps them. Written after the mutation's own transaction, in one of its own.
 */
export function createAuditPlugin(
  subgraph: string,
  database: Database,
  logger: Logger,
): ApolloServerPlugin<SubgraphContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation, request, response, contextValue, errors }) {
          if (operation?.operation !== 'mutation' || response.body.kind !== 'single') return;
          const { identity, clientIp, requestId } = contextValue;
          const data = (response.body.singleResult.data ?? {}) as Record<string, unknown>;
          const fields = operation.selectionSet.selections.flatMap((selection) =>
            selection.kind === 'Field'
              ? [{ name: selection.name.value, key: selection.alias?.value ?? selection.name.value }]
              : [],
          );
          const events = fields.map(({ name, key }) =>
            auditRecorded(identity.tenantId, {
              subgraph,
              operation: name,
              actorKind: identity.kind,
              actorId: identity.userId,
              targetIds: [...new Set([...uuidsIn(request.variables), ...uuidsIn(data[key])])].slice(0, 50),
              outcome: outcomeOf(data[key], errors?.filter((error) => error.path?.[0] === key) ?? []),
              clientIp,
              requestId,
            }),
          );
          try {
            const write = (manager: Parameters<typeof recordEvents>[0]) => recordEvents(manager, events);
            await (identity.tenantId ? database.transaction(identity.tenantId, write) : database.system(write));
          } catch (error) {
            logger.error({ err: error, requestId }, 'could not record the audit trail of a mutation');
          }
        },
      };
    },
  };
}

function outcomeOf(payload: unknown, errors: readonly { extensions?: Record<string, unknown> }[]): AuditOutcome {
  const codes = errors.map((error) => error.extensions?.code);
  if (codes.some((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED')) return 'DENIED';
  if (errors.length > 0 || payload === null || payload === undefined) return 'FAILED';
  const userErrors = (payload as { errors?: unknown[] }).errors;
  return Array.isArray(userErrors) && userErrors.length > 0 ? 'REJECTED' : 'SUCCEEDED';
}

/** Ids in variables and results: every UUID-shaped string, at any depth. */
function uuidsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (isUuid(value)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) uuidsIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) uuidsIn(item, found);
  }
  return found;
}
