import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded engine and the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ dataDir: './data', clickhouse: undefined, host: '127.0.0.1', ports: { otlpHttp: 4318, otlpGrpc: 4317, http: 3000 }, retentionDays: 30 });
    expect(config.ingest).toEqual({ bufferMaxSpans: 200_000, batchMaxSpans: 50_000, insertConcurrency: 1, requestTimeoutMs: 30_000, workers: Math.min(4, availableParallelism()) });
  });

  it('switches to a ClickHouse server when a URL is given', () => {
    expect(loadConfig({ VIGIL_CLICKHOUSE_URL: 'http://ch:8123', VIGIL_CLICKHOUSE_PASSWORD: 'pw' }).clickhouse).toEqual({ url: 'http://ch:8123', user: 'default', password: 'pw', database: 'vigil' });
  });

  it('names every bad variable and never shows a secret', () => {
    const error = (() => {
      try {
        loadConfig({ VIGIL_OTLP_HTTP_PORT: '99999', VIGIL_API_KEY: 'short-secret', VIGIL_CLICKHOUSE_DATABASE: 'x; DROP' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain('VIGIL_OTLP_HTTP_PORT="99999"');
    expect(error!.message).toContain('VIGIL_API_KEY=(hidden): at least 16 characters');
    expect(error!.message).toContain('VIGIL_CLICKHOUSE_DATABASE="x; DROP": a plain identifier');
    expect(error!.message).not.toContain('short-secret');
  });
});
