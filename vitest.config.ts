import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests sit beside their code and need no storage engine (some use a loopback
// server); `integration` tests (test/) run Vigil itself on the embedded ClickHouse engine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Some unit tests read the WordNet table or score the BEGIN sample: seconds on a busy 2-core CI.
          testTimeout: 30_000,
          include: ['core/**/*.test.ts', 'collector/**/*.test.ts', 'evaluator/**/*.test.ts', 'ui/server/**/*.test.ts', 'bin/**/*.test.ts', 'ui/app/**/*.test.ts', 'demo/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // chDB allows one engine per process per data directory; keep integration files in
          // separate forked processes so each owns its own engine.
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
