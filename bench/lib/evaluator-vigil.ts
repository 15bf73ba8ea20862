// Where the evaluator benchmark runs Vigil: a fresh data directory with its own policy file, and
// free ports, so that nothing of another run or of a running Vigil is shared.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../core/config.ts';

export const BENCH_KEY = 'vgl_bench_key_00000000000000000';

/** A fresh data directory and a Vigil config on free ports with this policy text. */
export function benchConfig(prefix: string, policy: string): { config: Config; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dataDir, 'policy.yaml'), policy);
  const config = loadConfig({
    VIGIL_DATA_DIR: join(dataDir, 'data'), VIGIL_API_KEY: BENCH_KEY, VIGIL_POLICY: join(dataDir, 'policy.yaml'),
    VIGIL_OTLP_HTTP_PORT: '0', VIGIL_OTLP_GRPC_PORT: '0', VIGIL_HTTP_PORT: '0',
  });
  return { config, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
