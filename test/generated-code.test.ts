import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTS } from '../common/config.ts';
import { generateAll } from '../scripts/codegen-config.ts';
import { API_SCHEMA_FILE, composeSupergraph, readRoverConfig, SUPERGRAPH_FILE } from '../scripts/composition.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';

const committed = (path: string) => readFileSync(path, 'utf8');

describe('generated files', () => {
  it('the committed supergraph and API schema are what composition produces now', () => {
    const { supergraphSdl, apiSchemaSdl } = composeSupergraph();
    expect(committed(SUPERGRAPH_FILE), 'schema/supergraph.graphql is stale: run npm run compose').toBe(supergraphSdl);
    expect(committed(API_SCHEMA_FILE), 'schema/api.graphql is stale: run npm run compose').toBe(apiSchemaSdl);
  });

  it('the committed resolver types and client SDK are what codegen produces now', async () => {
    const files = await generateAll();
    expect(files.length).toBeGreaterThan(SUBGRAPHS.length);
    for (const { path, content } of files) {
      expect(committed(path), `${path} is stale: run npm run codegen`).toBe(content);
    }
  });

  it('rover.yaml lists every subgraph, on its default port, with its schema file', () => {
    const { subgraphs } = readRoverConfig();
    expect(Object.keys(subgraphs).sort()).toEqual(SUBGRAPHS.map((subgraph) => subgraph.name).sort());
    for (const { name } of SUBGRAPHS) {
      expect(subgraphs[name]).toEqual({
        routing_url: `http://localhost:${DEFAULT_PORTS[name]}/graphql`,
        schema: { file: `./subgraphs/${name}/schema.graphql` },
      });
    }
  });
});
