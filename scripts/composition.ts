import { composeServices } from '@apollo/composition';
import { printSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export const ROVER_CONFIG = 'rover.yaml';
export const SUPERGRAPH_FILE = 'schema/supergraph.graphql';
export const API_SCHEMA_FILE = 'schema/api.graphql';

interface RoverConfig {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
}

export function readRoverConfig(path = ROVER_CONFIG): RoverConfig {
  return parseYaml(readFileSync(path, 'utf8')) as RoverConfig;
}

export interface Composition {
  supergraphSdl: string;
  apiSchemaSdl: string;
}

/** Composes the subgraphs rover.yaml lists, as `rover supergraph compose` would; throws on errors. */
export function composeSupergraph(config = readRoverConfig()): Composition {
  const services = Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    typeDefs: gql(readFileSync(subgraph.schema.file, 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchemaSdl: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`,
  };
}
