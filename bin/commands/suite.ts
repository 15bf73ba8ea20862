// `vigil suite run FILE` runs a promptfoo suite against the agent, checks it with Vigil's own
// checks on the traces it produced, stores it in the running Vigil and compares it with the last
// good run; `vigil suite upload FILE` sends a run made elsewhere; `vigil suite compare RUN` compares
// a stored run with a baseline. Both exit non-zero on a regression and write JUnit and Markdown
// reports for CI systems and pull-request comments.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { RunComparison } from '../../evaluator/suites/compare.ts';
import type { SuiteRun } from '../../core/suites/model.ts';
import { junitXml, markdown } from '../../evaluator/suites/report.ts';
import { CliError, request, withConnection, type ClientOptions } from '../client.ts';
import { runCommand, type RunCommandOptions } from './suite-run.ts';

type Common = ClientOptions & { project?: string };
const clientOf = (options: Common): ClientOptions => ({ ...options, projectHeader: options.project });
const baselineOption = () => new Option('--baseline <run>', 'a run id, or last-passing: the newest earlier run of the suite that passed every case').default('last-passing');
const JUNIT = 'write a JUnit XML report';
const MARKDOWN = 'write a Markdown summary that fits a pull-request comment';
const PUBLIC_URL = 'base of the trace links in the reports (default VIGIL_PUBLIC_URL, else the --url)';
const projectOption = () => new Option('--project <id>', 'the project, with the admin token (a key implies its own project)');

export function registerSuite(program: Command): void {
  const suite = program.command('suite').description('Regression suites: store runs in the running Vigil and compare them with a baseline.');

  withConnection(
    suite
      .command('run')
      .description(
        'Run a promptfoo suite file against the agent, with Vigil\'s checks as assertions; store the run in the running Vigil and compare it with the last passing run. Exits 1 on a regression (or, with no baseline, when cases fail), 2 when the suite cannot run.',
      )
      .argument('<file>', 'a promptfoo configuration (YAML or JSON) with a `vigil:` section; see the README, "Regression suites"')
      .option('--agent-version <version>', 'the version under test (default: vigil.agentVersion in the file)')
      .option('--run-id <id>', 'the run\'s id (default: run-<time>-<random>)')
      .option('--concurrency <n>', 'test cases run at the same time', '4')
      .option('--output <file>', 'write the full result (the run and its comparison) as JSON; works with no Vigil running')
      .option('--offline', 'do not contact Vigil: no trace links, no storing, no baseline (use with --output)')
      .addOption(baselineOption())
      .option('--tolerance <n>', 'newly failing cases allowed (failing cases, when there is no baseline)', '0')
      .addOption(new Option('--junit <file>', JUNIT))
      .addOption(new Option('--markdown <file>', MARKDOWN))
      .addOption(new Option('--public-url <url>', PUBLIC_URL))
      .option('--otlp-url <url>', 'where the suite sends its case spans (default VIGIL_OTLP_URL, else the OTLP/HTTP port the running Vigil reports)')
      .option('--settle-seconds <s>', 'a case\'s trace is complete once no span has arrived for this long', '6')
      .option('--trace-timeout-seconds <s>', 'longest wait for the traces after the last case', '60')
      .addOption(projectOption())
      .addHelpText(
        'after',
        '\nThe agent under test continues the W3C trace context it is given (a traceparent header, or the active context in a module) and sends its spans to Vigil: each case then links to its execution, and vigil:* assertions read the trace.\n\nExample: VIGIL_API_KEY=vgl_... vigil suite run suites/support.yaml --agent-version 2.4.0 --junit junit.xml --markdown comment.md',
      ),
  ).action(async (file: string, options: Common & RunCommandOptions) => {
    // 1 means the agent regressed; a suite that could not run at all is 2, so CI can tell them apart.
    try {
      process.exitCode = await runCommand(file, { ...options, projectHeader: options.project });
    } catch (error) {
      console.error(`vigil: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    }
  });

  withConnection(
    suite
      .command('upload')
      .description('Send a suite run (JSON: id, suite, agent, agentVersion, gitCommit, startedAt, durationMs, cases; or the --output file of `vigil suite run`) to the running Vigil. Needs an ingest or admin key.')
      .argument('<file>', 'the run as JSON (see GET /api/docs, SuiteRunInput)')
      .addOption(projectOption()),
  ).action(async (file: string, options: Common) => {
    let run: unknown;
    try {
      run = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CliError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`}`);
    }
    // `vigil suite run --output` writes the run beside its totals and comparison.
    if (run && typeof run === 'object' && 'run' in run && 'totals' in run) run = run.run;
    const stored = await request<{ id: string; suite: string; cases: number; passed: number }>(clientOf(options), 'POST', '/api/suites/runs', run);
    console.log(`stored run ${stored.id} of "${stored.suite}": ${stored.passed} of ${stored.cases} cases passed`);
  });

  withConnection(
    suite
      .command('compare')
      .description('Compare a stored run with a baseline; exits 1 when more cases newly fail than the tolerance allows.')
      .argument('<run>', 'the run id')
      .addOption(baselineOption())
      .option('--tolerance <n>', 'newly failing cases allowed', '0')
      .addOption(new Option('--junit <file>', JUNIT))
      .addOption(new Option('--markdown <file>', MARKDOWN))
      .addOption(new Option('--public-url <url>', PUBLIC_URL))
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
