import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The config lives in test/ so the top level holds only what the project card lists.
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    // Tests that train small networks or spawn the CLI need more than the 5 s default on 2 shared cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
