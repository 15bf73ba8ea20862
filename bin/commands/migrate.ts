import type { Command } from 'commander';
import { loadConfig } from '../../core/config.ts';
import { openStore } from '../../core/clickhouse/client.ts';
import { applyRetention, migrate, printMigrations } from '../../core/clickhouse/migrator.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply the schema migrations in sql/ (vigil start does this too).')
    .option('--print', 'print the DDL instead of applying it')
    .option('--cluster <name>', 'with --print: the clustered variant (ON CLUSTER, Replicated engines)')
    .action(async (options: { print?: boolean; cluster?: string }) => {
      if (options.cluster && !options.print) program.error('--cluster is only for --print: apply clustered DDL with clickhouse-client');
      if (options.print) {
        process.stdout.write(printMigrations(options.cluster));
        return;
      }
      const config = loadConfig();
      const store = await openStore(config);
      try {
        const report = await migrate(store.client);
        await applyRetention(store.client, config.retentionDays);
        for (const name of report.applied) console.log(`applied ${name}`);
        console.log(`${report.applied.length} applied, ${report.alreadyApplied} already applied (${store.kind}: ${store.location})`);
      } finally {
        await store.close();
      }
    });
}
