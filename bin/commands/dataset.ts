// `vigil dataset add NAME TRACE…` and `vigil dataset export`: production executions (a named
// dataset, or those a guardrail flagged, or an agent's by outcome) as a promptfoo tests file.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CHECK_VALUES } from '../../ui/server/evaluation-schemas.ts';
import { OUTCOMES } from '../../core/policy/business.ts';
import { CliError, request, requestText, withConnection, type ClientOptions } from '../client.ts';

type Common = ClientOptions & { project?: string };
const clientOf = (options: Common): ClientOptions => ({ ...options, projectHeader: options.project });
const projectOption = () => new Option('--project <id>', 'the project, with the admin token (a key implies its own project)');

export function registerDataset(program: Command): void {
  const dataset = program.command('dataset').description('Production executions as regression test cases (promptfoo tests files).');

  withConnection(
    dataset
      .command('add')
      .description('Add executions to a named dataset in the running Vigil. Needs an admin key or the admin token.')
      .argument('<name>', 'the dataset, e.g. refund-hallucinations')
      .argument('<traceIds...>', 'the executions\' trace ids')
      .option('--note <text>', 'why they belong there', '')
      .addOption(projectOption()),
  ).action(async (name: string, traceIds: string[], options: Common & { note: string }) => {
    const result = await request<{ added: number; items: number }>(clientOf(options), 'POST', `/api/datasets/${encodeURIComponent(name)}/items`, { traceIds, note: options.note });
    console.log(`${name}: ${result.items} execution${result.items === 1 ? '' : 's'} (${result.added} sent)`);
  });

  withConnection(
    dataset
      .command('export')
      .description('Write executions as a promptfoo tests file: a named dataset, or executions chosen by the flags below.')
      .option('--dataset <name>', 'a named dataset (vigil dataset add)')
      .addOption(new Option('--flagged <check>', 'executions this guardrail flagged (any: any check)').choices([...CHECK_VALUES, 'any']))
      .option('--agent <name>', 'only this agent')
      .addOption(new Option('--outcome <outcome>', 'only executions with this outcome').choices([...OUTCOMES]))
      .option('--since <time>', 'executions since: ISO 8601 or a duration back from now (24h, 7d)', '7d')
      .option('--limit <n>', 'at most this many executions', '200')
      .requiredOption('--output <file>', 'where to write the YAML')
      .addOption(projectOption())
      .addHelpText('after', '\nExample: vigil dataset export --flagged hallucination --agent support-bot --since 7d --output tests/flagged.yaml'),
  ).action(async (options: Common & { dataset?: string; flagged?: string; agent?: string; outcome?: string; since: string; limit: string; output: string }) => {
    if (options.dataset && (options.flagged || options.agent || options.outcome)) throw new CliError('--dataset exports a named dataset as it is: leave out --flagged, --agent and --outcome');
    if (!/^\d+$/.test(options.limit)) throw new CliError(`--limit ${options.limit}: give a whole number, e.g. 200`);
    let path: string;
    if (options.dataset) path = `/api/datasets/${encodeURIComponent(options.dataset)}/export`;
    else {
      const query = new URLSearchParams({ from: options.since, limit: options.limit });
      if (options.flagged) query.set('flagged', options.flagged);
      if (options.agent) query.set('agent', options.agent);
      if (options.outcome) query.set('outcome', options.outcome);
      path = `/api/datasets/export?${query}`;
    }
    const yaml = await requestText(clientOf(options), 'GET', path);
    writeFileSync(options.output, yaml);
    const count = (yaml.match(/^- description:/gm) ?? []).length;
    console.log(`${options.output}: ${count} test case${count === 1 ? '' : 's'}`);
  });
}
