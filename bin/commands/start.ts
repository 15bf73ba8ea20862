import { Command, Option } from 'commander';
import { loadConfig } from '../../core/config.ts';
import type { Role } from '../server.ts';

const SHUTDOWN_LIMIT_MS = 10_000;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run Vigil: the OTLP collector (HTTP and gRPC) and the query API, on the embedded engine unless VIGIL_CLICKHOUSE_URL is set.')
    .addOption(new Option('--role <role>', 'run one role only (for scaling out against a ClickHouse server)').choices(['all', 'collector', 'ui']).default('all'))
    .addHelpText(
      'after',
      `
Configuration comes from the environment (see README): VIGIL_DATA_DIR, VIGIL_CLICKHOUSE_URL,
VIGIL_HOST, VIGIL_OTLP_HTTP_PORT, VIGIL_OTLP_GRPC_PORT, VIGIL_HTTP_PORT, VIGIL_API_KEY,
VIGIL_RETENTION_DAYS, VIGIL_MAX_BODY_BYTES, VIGIL_PRICES_FILE, ...

On SIGTERM or SIGINT Vigil stops accepting, stores what it accepted, and exits.`,
    )
    .action(async (options: { role: Role }) => {
      const config = loadConfig();
      const { startVigil } = await import('../server.ts');
      const vigil = await startVigil(config, options.role);
      const { endpoints } = vigil;
      console.log(`vigil: storage ${vigil.store.kind === 'embedded' ? 'embedded ClickHouse (chDB) in' : 'ClickHouse server at'} ${vigil.store.location}`);
      if (endpoints.otlpHttp) console.log(`vigil: OTLP/HTTP  ${endpoints.otlpHttp}  (protobuf or JSON)`);
      if (endpoints.otlpGrpc) console.log(`vigil: OTLP/gRPC  ${endpoints.otlpGrpc}`);
      if (endpoints.http) console.log(`vigil: query API  ${endpoints.http}/api`);
      if (vigil.generatedKey) {
        console.log(`vigil: created the API key of project "default" (shown only this once, store it now):\n\n    ${vigil.generatedKey}\n`);
      }
      console.log('vigil: ready');

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
        vigil.close().then(
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
