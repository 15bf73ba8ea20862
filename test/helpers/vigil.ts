// An in-process Vigil on a fresh data directory and free ports, as `vigil start` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config.ts';
import { startVigil, type RunningVigil, type StartOptions } from '../../bin/server.ts';

export const TEST_KEY = 'vgl_test_key_0123456789abcdef';
export const TEST_ADMIN_TOKEN = 'vgla_test_admin_token_0123456789';

export interface TestVigil {
  vigil: RunningVigil;
  dataDir: string;
  key: string;
  otlpHttp: string;
  otlpGrpc: string;
  api: string;
  /** Waits until every span acknowledged so far is queryable (the collector inserts journaled spans every second). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestVigil(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestVigil> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const config = loadConfig({
    VIGIL_DATA_DIR: dataDir,
    VIGIL_API_KEY: TEST_KEY,
    VIGIL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    VIGIL_OTLP_HTTP_PORT: '0',
    VIGIL_OTLP_GRPC_PORT: '0',
    VIGIL_HTTP_PORT: '0',
    ...env,
  });
  const vigil = await startVigil(config, 'all', options);
  return {
    vigil,
    dataDir,
    key: TEST_KEY,
    otlpHttp: vigil.endpoints.otlpHttp!,
    otlpGrpc: vigil.endpoints.otlpGrpc!,
    api: vigil.endpoints.http!,
    flush: () => vigil.flush(),
    async close() {
      await vigil.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
