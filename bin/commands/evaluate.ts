// `vigil evaluate`: re-evaluate history through the running Vigil, with a progress bar; and
// `vigil policy check FILE`: validate a policy file offline.
import { Command, Option } from 'commander';
import { loadPolicyFile } from '../../core/policy/index.ts';
import type { EvaluationRunView } from '../../ui/server/evaluation-schemas.ts';
import { request, withConnection, type ClientOptions } from '../client.ts';

/** The checks that judge executions (drift and SLO burn judge windows of time, going forward). */
const CHECKS = ['hallucination', 'pii', 'loop', 'cost_anomaly'];
const POLL_MS = 500;

function bar(run: EvaluationRunView, width = 30): string {
  const share = run.total === 0 ? 1 : Math.min(1, run.done / run.total);
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${run.done}/${run.total} executions, ${run.flagged} flags`;
}

export function registerEvaluate(program: Command): void {
  withConnection(
    program
      .command('evaluate')
      .description('Judge stored executions again under the policy in force (replacing earlier judgements), through the running Vigil. Needs an admin key or the admin token.')
      .requiredOption('--since <time>', 'executions that started since: ISO 8601 or a duration back from now (24h, 7d)')
      .option('--until <time>', 'and before: ISO 8601, "now" or a duration back from now', 'now')
      .option('--agent <name>', 'only this agent')
      .addOption(new Option('--check <check>', 'only this check').choices(CHECKS))
      .option('--project <id>', 'the project, with the admin token (a key implies its own project)')
      .option('--json', 'print the finished run as JSON')
      .addHelpText('after', '\nExample: VIGIL_ADMIN_TOKEN=... vigil evaluate --since 7d --agent support-bot --check hallucination --project demo'),
  ).action(async (options: ClientOptions & { since: string; until: string; agent?: string; check?: string; project?: string; json?: boolean }) => {
    const client: ClientOptions = { ...options, projectHeader: options.project };
    let run = await request<EvaluationRunView>(client, 'POST', '/api/evaluations/runs', { since: options.since, until: options.until, agent: options.agent, check: options.check });
    const live = process.stderr.isTTY;
    process.stderr.write(`re-evaluating ${run.total} executions under policy ${run.policyHash}\n`);
    let lastLogged = -1;
    while (run.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      run = await request<EvaluationRunView>(client, 'GET', `/api/evaluations/runs/${run.id}`);
      if (live) process.stderr.write(`\r${bar(run)}`);
      else if (Math.floor((run.done / Math.max(1, run.total)) * 10) > lastLogged) {
        lastLogged = Math.floor((run.done / Math.max(1, run.total)) * 10);
        process.stderr.write(`${bar(run)}\n`);
      }
    }
    if (live) process.stderr.write(`\r${bar(run)}\n`);
    if (run.state === 'failed') throw new Error(`re-evaluation failed after ${run.done} executions: ${run.error ?? 'unknown error'}`);
    if (options.json) console.log(JSON.stringify(run, null, 2));
    else console.log(`done: ${run.done} executions judged again, ${run.flagged} flags (policy ${run.policyHash})`);
  });

  const policy = program.command('policy').description('Policy files (guardrails, thresholds, SLOs, the LLM judge).');
  policy
    .command('check')
    .description('Validate a policy file without a running Vigil; prints its version hash, or every problem with its line')
    .argument('<file>', 'the YAML policy file')
    .action((file: string) => {
      const loaded = loadPolicyFile(file);
      const agents = Object.keys(loaded.document.agents ?? {});
      console.log(`${file}: valid (version ${loaded.hash})`);
      console.log(`  agents with overrides: ${agents.length ? agents.join(', ') : 'none'}; SLOs: ${loaded.document.slos?.length ?? 0}; LLM judge: ${loaded.document.judge ? loaded.document.judge.model : 'none'}`);
      const alerting = loaded.document.alerts;
      console.log(`  alert rules: ${alerting?.rules.length ?? 0}; channels: ${alerting ? Object.keys(alerting.channels).join(', ') || 'none' : 'none'}`);
    });
}
