import { insights } from './insights.service.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const insightsResolvers: Resolvers = {
  Query: {
    insights: (_, args, ctx) => ctx.transaction((manager) => insights(manager, args)),
  },
};
