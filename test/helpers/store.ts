// An embedded store on a fresh data directory for one test file: opened before its tests, closed
// and removed after them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../core/clickhouse/client.ts';

export function useTempStore(prefix: string): { readonly dataDir: string; readonly store: Store } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore({ dataDir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    dataDir,
    get store() {
      if (!store) throw new Error('the store opens in beforeAll');
      return store;
    },
  };
}
