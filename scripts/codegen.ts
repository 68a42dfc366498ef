/** Writes the resolver types of every subgraph and the typed client SDK. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateAll } from './codegen-config.ts';

for (const { path, content } of await generateAll()) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  console.log(`wrote ${path}`);
}
