export * from './client.ts';
export * from './__generated__/graphql.ts';
export { graphql } from './__generated__/gql.ts';
