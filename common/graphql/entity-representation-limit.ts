import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { badUserInput } from './errors.ts';

/**
 * Refuses an `_entities` call with more representations than `max`, before any is resolved: the
 * gateway sends one per entity of a page it joins, so a page of 100 needs 100 at most per type.
 */
export function limitEntityRepresentations(schema: GraphQLSchema, max: number): GraphQLSchema {
  // A subgraph that defines no entity has no _entities field to guard.
  if (!schema.getQueryType()?.getFields()._entities) return schema;
  return applyMiddleware(schema, {
    Query: {
      _entities: (resolve, parent, args: { representations: unknown[] }, context, info) => {
        if (args.representations.length > max) {
          throw badUserInput(
            `At most ${max} entity representations are resolved per request; this one has ${args.representations.length}`,
            'representations',
          );
        }
        return resolve(parent, args, context, info);
      },
    },
  });
}
