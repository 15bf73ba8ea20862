import type { Command } from 'commander';

export function registerGuard(program: Command): void {
  program.command('guard').description('Run a guardrail check offline (see subcommands).');
}
