import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests sit beside their code and touch no I/O beyond the file system;
// `integration` tests (test/) start real servers on loopback and the embedded ClickHouse engine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'collector/**/*.test.ts', 'evaluator/**/*.test.ts', 'bin/**/*.test.ts'],
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
