/** Writes schema/supergraph.graphql and schema/api.graphql from the subgraphs in rover.yaml. */
import { writeFileSync } from 'node:fs';
import { API_SCHEMA_FILE, composeSupergraph, SUPERGRAPH_FILE } from './composition.ts';

const { supergraphSdl, apiSchemaSdl } = composeSupergraph();
writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
writeFileSync(API_SCHEMA_FILE, apiSchemaSdl);
console.log(`wrote ${SUPERGRAPH_FILE} and ${API_SCHEMA_FILE}`);
