import { forecast } from './forecast.service.ts';
import type { Resolvers } from './__generated__/resolvers-types.ts';

export const forecastResolvers: Resolvers = {
  Query: {
    forecast: (_, args, ctx) => ctx.transaction((manager) => forecast(manager, args)),
  },
};
