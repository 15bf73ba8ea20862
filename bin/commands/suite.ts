// `vigil suite upload FILE` sends a suite run to the running Vigil; `vigil suite compare RUN`
// compares a stored run with a baseline and exits non-zero on a regression, with JUnit and
// Markdown reports for CI systems and pull-request comments.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { RunComparison } from '../../evaluator/suites/compare.ts';
import type { SuiteRun } from '../../core/suites/model.ts';
import { junitXml, markdown } from '../../evaluator/suites/report.ts';
import { CliError, request, withConnection, type ClientOptions } from '../client.ts';

type Common = ClientOptions & { project?: string };
const clientOf = (options: Common): ClientOptions => ({ ...options, projectHeader: options.project });
const projectOption = () => new Option('--project <id>', 'the project, with the admin token (a key implies its own project)');

export function registerSuite(program: Command): void {
  const suite = program.command('suite').description('Regression suites: store runs in the running Vigil and compare them with a baseline.');

  withConnection(
    suite
      .command('upload')
      .description('Send a suite run (JSON: id, suite, agent, agentVersion, gitCommit, startedAt, durationMs, cases) to the running Vigil. Needs an ingest or admin key.')
      .argument('<file>', 'the run as JSON (see GET /api/docs, SuiteRunInput)')
      .addOption(projectOption()),
  ).action(async (file: string, options: Common) => {
    let run: unknown;
    try {
      run = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`}`);
    }
    const stored = await request<{ id: string; suite: string; cases: number; passed: number }>(clientOf(options), 'POST', '/api/suites/runs', run);
    console.log(`stored run ${stored.id} of "${stored.suite}": ${stored.passed} of ${stored.cases} cases passed`);
  });

  withConnection(
    suite
      .command('compare')
      .description('Compare a stored run with a baseline; exits 1 when more cases newly fail than the tolerance allows.')
      .argument('<run>', 'the run id')
      .option('--baseline <run>', 'a run id, or last-passing: the newest earlier run of the suite that passed every case', 'last-passing')
      .option('--tolerance <n>', 'newly failing cases allowed', '0')
      .option('--junit <file>', 'write a JUnit XML report')
      .option('--markdown <file>', 'write a Markdown summary that fits a pull-request comment')
      .option('--public-url <url>', 'base of the trace links in the reports (default VIGIL_PUBLIC_URL, else the --url)')
      .option('--json', 'print the comparison as JSON')
      .addOption(projectOption())
      .addHelpText('after', '\nExample: vigil suite compare run-2026-12-02 --junit junit.xml --markdown comment.md'),
  ).action(async (id: string, options: Common & { baseline: string; tolerance: string; junit?: string; markdown?: string; publicUrl?: string; json?: boolean }) => {
    if (!/^\d+$/.test(options.tolerance)) throw new CliError(`--tolerance ${options.tolerance}: give a whole number of cases, e.g. 0 or 2`);
    const client = clientOf(options);
    const query = new URLSearchParams({ baseline: options.baseline, tolerance: options.tolerance });
    const comparison = await request<RunComparison>(client, 'GET', `/api/suites/runs/${encodeURIComponent(id)}/compare?${query}`);
    const run = await request<SuiteRun>(client, 'GET', `/api/suites/runs/${encodeURIComponent(id)}`);
    const publicUrl = options.publicUrl ?? process.env.VIGIL_PUBLIC_URL ?? (options.url ?? process.env.VIGIL_URL);
    if (options.junit) writeFileSync(options.junit, junitXml(run, comparison, { publicUrl }));
    if (options.markdown) writeFileSync(options.markdown, markdown(run, comparison, { publicUrl }));
    if (options.json) console.log(JSON.stringify(comparison, null, 2));
    else for (const reason of comparison.reasons) console.log(reason);
    if (comparison.regressed) process.exitCode = 1;
  });
}
