import type { GraphQLResolveInfo } from 'graphql';

type FieldFunction<T> = (
  parent: unknown,
  args: Record<string, unknown>,
  context: unknown,
  info: GraphQLResolveInfo,
) => T;

interface SubscriptionField {
  subscribe: FieldFunction<AsyncIterable<unknown> | Promise<AsyncIterable<unknown>>>;
  resolve?: FieldFunction<unknown>;
}

/**
 * graphql-middleware wraps a subscription field's `resolve` when it has one, and its `subscribe` only
 * when it has none: with both, graphql-shield would check the field's rule on each event, after the
 * caller had already subscribed, and a refused caller would sit on an open subscription. Folding
 * `resolve` into `subscribe` puts the rule in front of subscribing; each event's objects are still
 * checked by their types' rules.
 */
export function foldSubscriptionResolvers<T extends object>(resolvers: T): T {
  const subscription = (resolvers as { Subscription?: Record<string, SubscriptionField> }).Subscription;
  if (!subscription) return resolvers;
  const folded = Object.fromEntries(
    Object.entries(subscription).map(([field, { subscribe, resolve }]) => {
      if (!resolve) return [field, { subscribe }];
      const foldedSubscribe: SubscriptionField['subscribe'] = async (parent, args, context, info) =>
        mapEvents(await subscribe(parent, args, context, info), async (event) => ({
          // An Error as the value is that event's field error; the subscription carries on.
          [field]: await Promise.resolve()
            .then(() => resolve(event, args, context, info))
            .catch((error: unknown) => error),
        }));
      return [field, { subscribe: foldedSubscribe }];
    }),
  );
  return { ...resolvers, Subscription: folded };
}

/** The source's events, each mapped; return() reaches the source at once, so unsubscribing is immediate. */
function mapEvents<T, U>(source: AsyncIterable<T>, map: (event: T) => Promise<U>): AsyncIterableIterator<U> {
  const events = source[Symbol.asyncIterator]();
  return {
    async next() {
      const result = await events.next();
      return result.done ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
    },
    async return() {
      await events.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await events.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
