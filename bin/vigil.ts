#!/usr/bin/env node
// The `vigil` command line. Each command lives in bin/commands/<name>.ts and registers itself.
import { Command } from 'commander';
import { registerStart } from './commands/start.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerGuard } from './commands/guard.ts';

const program = new Command('vigil')
  .description('Observability and evaluation for AI agents in production.')
  .version('0.1.0')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: false });

registerStart(program);
registerMigrate(program);
registerGuard(program);

await program.parseAsync(process.argv);
