import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../core/config.ts';
import type { Role } from '../server.ts';
import type { Shard } from '../../evaluator/store.ts';

/** The policy the demo runs with unless VIGIL_POLICY names another: SLOs and limits that fit its agents. */
const DEMO_POLICY = fileURLToPath(new URL('../../demo/policy.yaml', import.meta.url));

function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new InvalidArgumentError('expected i/n with 0 <= i < n, e.g. 0/2');
  return { index, count };
}

const SHUTDOWN_LIMIT_MS = 10_000;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run Vigil: the OTLP collector (HTTP and gRPC), the query API and the web UI, on the embedded engine unless VIGIL_CLICKHOUSE_URL is set.')
    .addOption(new Option('--role <role>', 'run one role only (for scaling out against a ClickHouse server)').choices(['all', 'collector', 'evaluator', 'ui']).default('all'))
    .option('--shard <i/n>', 'evaluator role scaled out: judge the traces whose id hashes to shard i of n (0-based), e.g. 0/2', parseShard)
    .option('--demo', 'also fill a separate "demo" project with two weeks of generated agent traffic (when it is empty) and keep live demo traffic flowing')
    .addHelpText(
      'after',
      `
Configuration comes from the environment (see README): VIGIL_DATA_DIR, VIGIL_CLICKHOUSE_URL,
VIGIL_HOST, VIGIL_OTLP_HTTP_PORT, VIGIL_OTLP_GRPC_PORT, VIGIL_HTTP_PORT, VIGIL_API_KEY,
VIGIL_ADMIN_TOKEN, VIGIL_RETENTION_DAYS, VIGIL_MAX_BODY_BYTES, VIGIL_PRICES_FILE, VIGIL_POLICY, ...

VIGIL_POLICY names the policy file (which guardrails run, thresholds, SLOs, the LLM judge; see
docs/policy.md). It is reloaded when it changes; an invalid edit is refused and the previous
policy stays in force. Check a file before deploying it: vigil policy check FILE.

The web UI is rebuilt before starting when its sources are newer than the build.
On SIGTERM or SIGINT Vigil stops accepting, stores what it accepted, and exits.

Example: npm start -- --demo`,
    )
    .action(async (options: { role: Role; demo?: boolean; shard?: Shard }) => {
      const config = loadConfig();
      if (options.demo && config.policyFile === undefined) config.policyFile = DEMO_POLICY;
      if (options.role !== 'collector') {
        const { uiBuildNeeded, buildUi } = await import('../../ui/server/build.ts');
        const why = uiBuildNeeded();
        if (why) {
          console.log(`vigil: building the web UI first (${why})`);
          await buildUi();
        }
      }
      const { startVigil } = await import('../server.ts');
      const vigil = await startVigil(config, options.role, { demo: options.demo, shard: options.shard });
      const { endpoints } = vigil;
      const policy = vigil.policy.current();
      console.log(`vigil: policy   ${policy.file ? `${policy.file} (version ${policy.hash})` : 'built-in defaults (set VIGIL_POLICY to a policy file)'}`);
      if (vigil.evaluator) console.log(`vigil: evaluator on${options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : ''}${policy.document.judge ? `, LLM judge ${policy.document.judge.model}` : ''}`);
      if (vigil.alerts) {
        const alerting = policy.document.alerts;
        const channels = Object.keys(alerting?.channels ?? {});
        console.log(`vigil: alerts   ${alerting?.rules.length ?? 0} rules every ${alerting?.intervalSeconds ?? 30} s; channels: ${channels.length ? channels.join(', ') : 'none (alerts show on the alerts page only)'}`);
      }
      console.log(`vigil: storage ${vigil.store.kind === 'embedded' ? 'embedded ClickHouse (chDB) in' : 'ClickHouse server at'} ${vigil.store.location}`);
      if (endpoints.otlpHttp) console.log(`vigil: OTLP/HTTP  ${endpoints.otlpHttp}  (protobuf or JSON)`);
      if (endpoints.otlpGrpc) console.log(`vigil: OTLP/gRPC  ${endpoints.otlpGrpc}`);
      if (endpoints.http) {
        console.log(`vigil: web UI     ${endpoints.http}/`);
        console.log(`vigil: query API  ${endpoints.http}/api  (reference: ${endpoints.http}/api/docs)`);
      }
      if (vigil.generatedKey) {
        console.log(`vigil: created the API key of project "default" (shown only this once, store it now):\n\n    ${vigil.generatedKey}\n`);
      }
      if (vigil.generatedAdminToken) {
        console.log(`vigil: created the admin token (projects and keys, every project; shown only this once, store it now):\n\n    ${vigil.generatedAdminToken}\n`);
      }
      console.log('vigil: ready');

      const demoStop = new AbortController();
      let demoDone: Promise<unknown> = Promise.resolve();
      if (vigil.demo && endpoints.otlpHttp) {
        const { runDemo } = await import('../../demo/run.ts');
        const demo = vigil.demo;
        console.log(`vigil: demo traffic goes to project "demo"; sign in at ${endpoints.http ?? 'the web UI'}/sign-in with its read key:\n\n    ${demo.readKey}\n`);
        demoDone = runDemo({
          otlpUrl: endpoints.otlpHttp,
          key: demo.ingestKey,
          days: demo.empty ? 14 : 0,
          perDay: 300,
          live: true,
          ratePerMinute: 6,
          signal: demoStop.signal,
          stored: () => vigil.flush(),
          log: (line) => console.log(`vigil: ${line}`),
        }).catch((error: unknown) => console.error(`vigil: demo traffic stopped: ${error instanceof Error ? error.message : String(error)}`));
      }

      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`vigil: ${signal} received, storing accepted spans and stopping`);
        const limit = setTimeout(() => {
          console.error(`vigil: could not stop within ${SHUTDOWN_LIMIT_MS / 1000}s, exiting`);
          process.exit(1);
        }, SHUTDOWN_LIMIT_MS);
        limit.unref();
        demoStop.abort();
        demoDone
          .then(() => vigil.close())
          .then(
            () => {
              console.log('vigil: stopped');
              process.exit(0);
            },
            (error: unknown) => {
              console.error('vigil: error while stopping:', error);
              process.exit(1);
            },
          );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
