// Composes the roles of one Vigil process on one store: migrations, the default project, the
// collector and the query API. Used by `vigil start` and by the integration tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from '../core/config.ts';
import { openStore, type Store } from '../core/clickhouse/client.ts';
import { applyRetention, migrate } from '../core/clickhouse/migrator.ts';
import { ensureDefaultProject } from '../core/projects/bootstrap.ts';
import { KeyRing } from '../core/projects/keyring.ts';
import { listActiveKeys } from '../core/projects/repository.ts';
import { createPricing } from '../core/pricing/index.ts';
import { loadPriceOverrides } from '../core/pricing/load.ts';
import { listenHttp, startCollector } from '../collector/index.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { createApiApp } from '../ui/server/app.ts';

export type Role = 'all' | 'collector' | 'ui';

export interface RunningVigil {
  store: Store;
  /** Set only on the first start without VIGIL_API_KEY: the default project's new key. */
  generatedKey?: string;
  endpoints: { otlpHttp?: string; otlpGrpc?: string; http?: string };
  close(): Promise<void>;
}

export async function startVigil(config: Config, role: Role = 'all'): Promise<RunningVigil> {
  const pricing = createPricing(config.pricesFile ? loadPriceOverrides(config.pricesFile) : []);
  const store = await openStore(config);
  const closers: (() => Promise<void>)[] = [];
  try {
    await migrate(store.client);
    await applyRetention(store.client, config.retentionDays);
    const { generatedKey } = await ensureDefaultProject(store.client, config.apiKey);
    const keys = new KeyRing(() => listActiveKeys(store.client));
    await keys.refresh();
    const authenticate = (key: string | undefined) => keys.projectFor(key);
    const endpoints: RunningVigil['endpoints'] = {};

    if (role === 'all' || role === 'collector') {
      const collector = await startCollector({ config, store, authenticate, normalize: (span) => normalizeSpan(span, pricing) });
      closers.push(() => collector.close());
      endpoints.otlpHttp = `http://${config.host}:${collector.httpPort}/v1/traces`;
      endpoints.otlpGrpc = `${config.host}:${collector.grpcPort}`;
    }
    if (role === 'all' || role === 'ui') {
      let closing = false;
      const api = createApiApp({ client: store.client, authenticate, ready: async () => !closing && (await store.client.ping()).success });
      const server: Server = await listenHttp(api.fetch, config.host, config.ports.http, 'VIGIL_HTTP_PORT');
      closers.unshift(async () => {
        closing = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      });
      endpoints.http = `http://${config.host}:${(server.address() as AddressInfo).port}`;
    }

    return {
      store,
      generatedKey,
      endpoints,
      async close() {
        for (const close of closers) await close();
        await store.close();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    await store.close();
    throw error;
  }
}
