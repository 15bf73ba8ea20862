// The `vigil` command line (started by bin/vigil.ts). Each command lives in bin/commands/<name>.ts
// and registers itself.
import { Command } from 'commander';
import { ConfigError } from '../core/config.ts';
import { PolicyError } from '../core/policy/index.ts';
import { registerStart } from './commands/start.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerGuard } from './commands/guard.ts';
import { registerAccess } from './commands/access.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEvaluate } from './commands/evaluate.ts';
import { registerAlerts } from './commands/alerts.ts';
import { registerSuite } from './commands/suite.ts';
import { registerDataset } from './commands/dataset.ts';

const program = new Command('vigil')
  .description('Observability and evaluation for AI agents in production.')
  .version('0.1.0')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerStart(program);
registerMigrate(program);
registerGuard(program);
registerAccess(program);
registerDemo(program);
registerEvaluate(program);
registerAlerts(program);
registerSuite(program);
registerDataset(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures (bad configuration, a busy port, a locked data directory) are one clear line.
  console.error(`vigil: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ConfigError || error instanceof PolicyError ? 2 : 1);
}
