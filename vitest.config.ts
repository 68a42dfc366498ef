import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves graphql to its CommonJS build for import and require alike; Vite would pick the
    // ESM build for our imports, and two graphql instances refuse each other's schemas.
    alias: { graphql: fileURLToPath(new URL('node_modules/graphql/index.js', import.meta.url)) },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.data/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers only contend for them (each end-to-end file runs a whole platform).
    maxWorkers: 2,
    reporters: ['default'],
  },
});
