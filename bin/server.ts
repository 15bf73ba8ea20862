// Composes the roles of one Vigil process on one store: migrations, first-start credentials, the
// collector and the query API with the web UI. Used by `vigil start` and by the integration tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Config } from '../core/config.ts';
import { openStore, type Store } from '../core/clickhouse/client.ts';
import { applyRetention, migrate } from '../core/clickhouse/migrator.ts';
import { authorize } from '../core/projects/auth.ts';
import { DEMO_PROJECT, ensureAdminToken, ensureDefaultProject, ensureDemoProject, ensureSessionSecret, generateFirstCredentials } from '../core/projects/bootstrap.ts';
import { countSpans } from '../core/spans/repository.ts';
import { KeyRing } from '../core/projects/keyring.ts';
import { listActiveKeys } from '../core/projects/repository.ts';
import { createPricing } from '../core/pricing/index.ts';
import { loadPriceOverrides } from '../core/pricing/load.ts';
import { listenHttp, startCollector } from '../collector/index.ts';
import { createApiApp } from '../ui/server/app.ts';
import { createPolicyStore, type PolicyStore } from '../core/policy/index.ts';
import { watchEvaluator } from '../core/metrics.ts';
import type { EvaluatorHealth } from '../core/evaluations/runs.ts';
import { createEvaluator, type Evaluator } from '../evaluator/loop.ts';
import { createJudgeWorker, type JudgeWorker } from '../evaluator/judge-worker.ts';
import { createEvaluationRunner } from '../evaluator/reevaluate.ts';
import { createWindowedChecks, type WindowedChecks } from '../evaluator/windowed.ts';
import type { Shard } from '../evaluator/store.ts';
import { createAlertEngine, type AlertEngine } from '../evaluator/alerts/engine.ts';
import { createNotifier, type Notifier } from '../evaluator/alerts/notifier.ts';

export type Role = 'all' | 'collector' | 'evaluator' | 'ui';

const KEY_RELOAD_MS = 5000;

export interface RunningVigil {
  store: Store;
  /** Set only on the first start without VIGIL_API_KEY: the default project's new key. */
  generatedKey?: string;
  /** Set only on the first start without VIGIL_ADMIN_TOKEN: the new admin token. */
  generatedAdminToken?: string;
  endpoints: { otlpHttp?: string; otlpGrpc?: string; http?: string };
  /** The query API application (tests call `request` on it in memory). */
  api?: ReturnType<typeof createApiApp>;
  /** With the `demo` option: the demo project's keys and whether it holds data already. */
  demo?: { ingestKey: string; readKey: string; empty: boolean };
  policy: PolicyStore;
  /** The online evaluator, in the roles that judge (all, evaluator). */
  evaluator?: Evaluator;
  judge?: JudgeWorker;
  /** Latency drift and SLO burn, once a minute (the first or only evaluator shard). */
  windowed?: WindowedChecks;
  /** Alert rules, evaluated with the windowed checks (the first or only evaluator shard). */
  alerts?: AlertEngine;
  /** Delivers alert notifications (and test sends from the API). */
  notifier?: Notifier;
  /**
   * Resolves once every span acknowledged before the call is queryable (the collector journals spans
   * and inserts them about a second later). Immediate in roles without a collector.
   */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  demo?: boolean;
  /** This evaluator's share of traces (role evaluator scaled out against a server). */
  shard?: Shard;
  /** Milliseconds between evaluator passes. Default 2000. */
  evaluatorIntervalMs?: number;
  /** Cap of the first alert delivery retry's delay (tests). Default 1000. */
  alertRetryBaseMs?: number;
}

export async function startVigil(config: Config, role: Role = 'all', options: StartOptions = {}): Promise<RunningVigil> {
  const priceOverrides = config.pricesFile ? loadPriceOverrides(config.pricesFile) : [];
  const pricing = createPricing(priceOverrides);
  // An unreadable or invalid policy stops the start here, before any port is taken.
  const policy = createPolicyStore(config.policyFile);
  const store = await openStore(config);
  const closers: (() => Promise<void>)[] = [async () => policy.close()];
  try {
    await migrate(store.client);
    await applyRetention(store.client, config.retentionDays);
    await ensureDefaultProject(store.client, config.apiKey);
    await ensureAdminToken(store.client, config.adminToken);
    const sessionSecret = await ensureSessionSecret(store.client);
    const demo = options.demo ? { ...(await ensureDemoProject(store.client, sessionSecret)), empty: (await countSpans(store.client, DEMO_PROJECT)) === 0 } : undefined;
    const keys = new KeyRing(() => listActiveKeys(store.client));
    await keys.refresh();
    // Keys created or revoked by another process (roles scaled out against a server) take effect
    // here within this interval; this process's own changes take effect at once.
    const reload = setInterval(() => keys.refresh().catch(() => {}), KEY_RELOAD_MS);
    reload.unref();
    closers.push(async () => clearInterval(reload));
    const endpoints: RunningVigil['endpoints'] = {};
    let apiApp: RunningVigil['api'];

    let evaluator: Evaluator | undefined;
    let judge: JudgeWorker | undefined;
    let windowed: WindowedChecks | undefined;
    let alerts: AlertEngine | undefined;
    // Links in notifications: the configured public URL, else this server's own address once it listens.
    const publicUrl = () => config.publicUrl ?? endpoints.http ?? `http://${config.host}:${config.ports.http}`;
    const notifier = role === 'collector' ? undefined : createNotifier({ store, policy, publicUrl, retryBaseMs: options.alertRetryBaseMs });
    if (notifier) closers.push(() => notifier.close());
    if (role === 'all' || role === 'evaluator') {
      const worker = createJudgeWorker(store, policy, { pricing });
      judge = worker;
      // What the judge owed before a restart (its queue lives in memory) is asked again.
      const recovering = worker.recover().catch((error: unknown) => console.error(`vigil: judge: could not recover owed verdicts (${(error as Error).message})`));
      evaluator = await createEvaluator({ store, policy, shard: options.shard, onJudged: (executions) => worker.offer(executions) });
      evaluator.start(options.evaluatorIntervalMs);
      const running = evaluator;
      // Windowed checks judge agents, not traces: one shard runs them.
      const windowedChecks = (options.shard?.index ?? 0) === 0 ? createWindowedChecks(store, policy) : undefined;
      windowed = windowedChecks;
      windowedChecks?.start();
      // Alert state is one per instance: the shard that runs the windowed checks runs the rules too.
      if (windowedChecks && notifier) {
        const resumed = await notifier.recover();
        if (resumed > 0) console.error(`vigil: alerts: resuming ${resumed} unfinished deliver${resumed === 1 ? 'y' : 'ies'}`);
        alerts = createAlertEngine({
          store,
          policy,
          notifier,
          publicUrl,
          instance: { lagSeconds: () => running.status().lagSeconds, judgeFailures: () => (worker.status().configured ? worker.status().failuresInRow : undefined) },
        });
        await alerts.start();
      }
      const engine = alerts;
      closers.unshift(async () => {
        await recovering;
        await engine?.stop();
        await running.stop();
        await windowedChecks?.stop();
        await worker.close();
      });
    }
    const health = (): EvaluatorHealth => {
      const status = evaluator?.status();
      // A process without the evaluator role makes no judge calls; it still says whether one is configured.
      const judging = judge?.status() ?? { configured: policy.current().document.judge !== undefined, considered: 0, sent: 0, judged: 0, unknown: 0, queued: 0, retrying: 0, costUsd: 0, failuresInRow: 0 };
      return {
        running: evaluator !== undefined,
        watermark: status && status.watermarkMs > 0 ? new Date(status.watermarkMs).toISOString() : null,
        lagSeconds: status?.lagSeconds ?? 0,
        pending: status?.pending ?? 0,
        judged: status?.judged ?? 0,
        judge: judging,
      };
    };
    watchEvaluator(() => evaluator?.status() ?? { lagSeconds: 0, pending: 0 });

    let otlpHttpPort: number | undefined;
    let flush = async () => {};
    if (role === 'all' || role === 'collector') {
      const collector = await startCollector({
        config,
        store,
        authenticate: (header) => authorize(keys, header, 'ingest'),
        priceOverrides,
      });
      closers.push(() => collector.close());
      flush = () => collector.flush();
      otlpHttpPort = collector.httpPort;
      endpoints.otlpHttp = `http://${config.host}:${collector.httpPort}/v1/traces`;
      endpoints.otlpGrpc = `${config.host}:${collector.grpcPort}`;
    }
    if (role === 'all' || role === 'ui') {
      let closing = false;
      const api = createApiApp({
        client: store.client,
        writer: store,
        keys,
        sessionSecret,
        otlpHttpPort: otlpHttpPort ?? config.ports.otlpHttp,
        ready: async () => !closing && (await store.client.ping()).success,
        evaluation: { policy, runner: createEvaluationRunner(store, policy), health },
        alerting: { notifier, env: process.env, publicUrl },
      });
      apiApp = api;
      const server: Server = await listenHttp(api.fetch, config.host, config.ports.http, 'VIGIL_HTTP_PORT');
      closers.unshift(async () => {
        closing = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      });
      endpoints.http = `http://${config.host}:${(server.address() as AddressInfo).port}`;
    }

    // Only now that every port listens: a start that failed earlier (a port in use) stored no key
    // that nobody was shown, so this start generates and shows it.
    const generated = await generateFirstCredentials(store.client);
    if (generated.apiKey || generated.adminToken) await keys.refresh();

    return {
      store,
      generatedKey: generated.apiKey,
      generatedAdminToken: generated.adminToken,
      endpoints,
      api: apiApp,
      demo,
      policy,
      evaluator,
      judge,
      windowed,
      alerts,
      notifier,
      flush: () => flush(),
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
