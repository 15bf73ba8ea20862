import type { Command } from 'commander';

export function registerStart(program: Command): void {
  program.command('start').description('TODO').action(() => {
    throw new Error('not implemented yet');
  });
}
