// `vigil suite run FILE`: the suite against the agent, its traces checked in the running Vigil, the
// run stored and compared. With no Vigil running (or --offline) the suite still runs, the cases are
// checked on what the suite saw, and --output and the exit code carry the result.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { totalsOf, type SuiteRun } from '../../core/suites/model.ts';
import type { RunComparison } from '../../evaluator/suites/compare.ts';
import { readSuiteConfig, SuiteConfigError } from '../../evaluator/suites/config.ts';
import { loadPromptfoo, PromptfooMissingError } from '../../evaluator/suites/promptfoo.ts';
import { junitXml, markdown, traceUrl } from '../../evaluator/suites/report.ts';
import { runSuite, type FetchFacts, type Progress } from '../../evaluator/suites/run.ts';
import type { ExecutionFacts } from '../../evaluator/extract.ts';
import { CliError, connection, DEFAULT_URL, NoVigilError, request, type ClientOptions } from '../client.ts';

export interface RunCommandOptions {
  agentVersion?: string;
  runId?: string;
  concurrency: string;
  output?: string;
  offline?: boolean;
  baseline: string;
  tolerance: string;
  junit?: string;
  markdown?: string;
  publicUrl?: string;
  otlpUrl?: string;
  settleSeconds: string;
  traceTimeoutSeconds: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function wholeNumber(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new CliError(`${name} ${value}: give a whole number of at least ${min}`);
  return Number(value);
}

function gitCommit(dir: string): string {
  const fromCi = process.env.GITHUB_SHA ?? process.env.CI_COMMIT_SHA ?? process.env.GIT_COMMIT;
  if (fromCi) return fromCi.slice(0, 64);
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

const newRunId = () => `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(2).toString('hex')}`;

/** Progress on stderr: one line rewritten in a terminal, a line per tenth otherwise (CI logs). */
function progressPrinter(): (p: Progress) => void {
  const words = { cases: 'cases run', traces: 'traces settled in Vigil' };
  let lastTenth = -1;
  let lastPhase = '';
  return (p) => {
    if (p.phase !== lastPhase) lastTenth = -1;
    lastPhase = p.phase;
    const line = `  ${p.done}/${p.total} ${words[p.phase]}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}\x1b[K${p.done === p.total ? '\n' : ''}`);
      return;
    }
    const tenth = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
    if (tenth !== lastTenth) log(line);
    lastTenth = tenth;
  };
}

interface Vigil {
  client: ClientOptions;
  /** Absent when the credential cannot send spans (the admin token): the agent's spans still carry the case's trace id. */
  otlp?: { url: string; token: string };
}

/** The running Vigil, or undefined (offline) with the reason said once. */
async function reachVigil(options: ClientOptions & RunCommandOptions): Promise<Vigil | undefined> {
  if (options.offline) return undefined;
  let token: string;
  let url: string;
  try {
    ({ token, url } = connection(options));
  } catch (error) {
    log(`vigil: ${(error as Error).message}; running offline: no trace links, nothing stored, no baseline`);
    return undefined;
  }
  let who: { scope: string; instanceAdmin: boolean; otlpHttpPort: number | null };
  try {
    who = await request(options, 'GET', '/api/whoami');
  } catch (error) {
    if (!(error instanceof NoVigilError)) throw error;
    log(`vigil: ${error.message}\nvigil: running offline: no trace links, nothing stored, no baseline${options.output ? '' : ' (add --output FILE to keep the result)'}`);
    return undefined;
  }
  if (who.instanceAdmin) {
    log("vigil: the admin token cannot send spans, so the suite's span that roots each case's trace is not sent (the agent's spans still link): use a project's admin key (VIGIL_API_KEY) for complete traces");
    return { client: options };
  }
  if (who.scope !== 'admin') {
    throw new CliError(`this key has scope "${who.scope}"; a suite run sends its cases' spans, reads their traces back and stores the run: use an admin key of the project, or --offline`);
  }
  const api = new URL(url);
  const otlpUrl = options.otlpUrl || process.env.VIGIL_OTLP_URL || `${api.protocol}//${api.hostname}:${who.otlpHttpPort ?? 4318}/v1/traces`;
  return { client: options, otlp: { url: otlpUrl.endsWith('/v1/traces') ? otlpUrl : `${otlpUrl.replace(/\/+$/, '')}/v1/traces`, token } };
}

function factsFetcher(client: ClientOptions): FetchFacts {
  return async (traceId) => {
    try {
      return await request<{ spanCount: number; facts: ExecutionFacts }>(client, 'GET', `/api/traces/${traceId}/facts`);
    } catch (error) {
      if (error instanceof CliError && error.status === 404) return undefined;
      throw error;
    }
  };
}

function printRun(run: SuiteRun, comparison: RunComparison | undefined, publicUrl: string | undefined, stored: boolean): void {
  const totals = totalsOf(run);
  console.log(
    `run ${run.id} of "${run.suite}"${run.agentVersion ? ` (${run.agent || 'agent'} ${run.agentVersion})` : ''}: ${totals.passed} of ${totals.cases} cases passed (${(totals.passRate * 100).toFixed(1)}%), median latency ${Math.round(totals.latencyP50Ms)} ms, cost $${totals.costUsd.toFixed(4)}`,
  );
  for (const c of run.cases.filter((c) => !c.pass).slice(0, 20)) {
    console.log(`  ✗ ${c.caseId}`);
    const reasons = c.error ? [c.error] : c.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
    for (const reason of reasons) console.log(`      ${reason.length > 240 ? `${reason.slice(0, 239)}…` : reason}`);
    const link = traceUrl(publicUrl, c.traceId);
    if (link) console.log(`      trace: ${link}`);
  }
  if (run.cases.filter((c) => !c.pass).length > 20) console.log(`  … and ${run.cases.filter((c) => !c.pass).length - 20} more failing cases`);
  if (comparison) for (const reason of comparison.reasons) console.log(reason);
  if (stored && publicUrl) console.log(`open: ${publicUrl.replace(/\/+$/, '')}/suites?run=${encodeURIComponent(run.id)}`);
}

/** The --output file: the run (what `vigil suite upload` sends) beside its totals and comparison. */
const resultJson = (run: SuiteRun, comparison: RunComparison | undefined, stored: boolean): string =>
  `${JSON.stringify({ run, totals: totalsOf(run), comparison: comparison ?? null, stored }, null, 2)}\n`;

/** Sends the suite's spans; a Vigil that refuses them costs the links, not the run. */
async function flush(provider: TracerProvider, vigil: Vigil | undefined): Promise<void> {
  try {
    await provider.forceFlush();
  } catch (error) {
    log(`vigil: could not send the cases' spans to ${vigil?.otlp?.url} (${(error as Error).message}): cases will not link to their traces; check --otlp-url / VIGIL_OTLP_URL`);
  }
}

/** Runs the command; returns the exit code. */
export async function runCommand(file: string, options: ClientOptions & RunCommandOptions): Promise<number> {
  const concurrency = wholeNumber('--concurrency', options.concurrency, 1);
  const tolerance = wholeNumber('--tolerance', options.tolerance, 0);
  const settleMs = wholeNumber('--settle-seconds', options.settleSeconds, 0) * 1000;
  const traceTimeoutMs = wholeNumber('--trace-timeout-seconds', options.traceTimeoutSeconds, 1) * 1000;
  const paths = { output: options.output && resolve(options.output), junit: options.junit && resolve(options.junit), markdown: options.markdown && resolve(options.markdown) };

  let config;
  try {
    config = readSuiteConfig(file);
  } catch (error) {
    if (error instanceof SuiteConfigError) throw new CliError(error.message);
    throw error;
  }
  let promptfoo;
  try {
    promptfoo = await loadPromptfoo();
  } catch (error) {
    if (error instanceof PromptfooMissingError) throw new CliError(error.message);
    throw error;
  }
  const vigil = await reachVigil(options);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'vigil-suite' }),
    spanProcessors: vigil?.otlp
      ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: vigil.otlp.url, headers: { authorization: `Bearer ${vigil.otlp.token}` } }), scheduledDelayMillis: 500 })]
      : [],
  });
  const runId = options.runId ?? newRunId();
  log(`vigil: running suite "${config.suite}" (${config.file}) as ${runId}, ${concurrency} at a time`);

  let run: SuiteRun;
  // promptfoo resolves the file's relative paths (prompts, tests, file:// providers) against the working directory.
  const cwd = process.cwd();
  process.chdir(config.baseDir);
  try {
    run = await runSuite(config, promptfoo, {
      runId,
      agentVersion: options.agentVersion ?? '',
      gitCommit: gitCommit(config.baseDir),
      concurrency,
      tracer: provider.getTracer('vigil-suite'),
      flushSpans: () => flush(provider, vigil),
      // Even unsent, the suite's span context reaches the agent, whose own spans then carry the case's trace id.
      ...(vigil ? { fetchFacts: factsFetcher(vigil.client) } : {}),
      settleMs,
      traceTimeoutMs,
      onProgress: progressPrinter(),
    });
  } finally {
    process.chdir(cwd);
    await provider.shutdown().catch(() => undefined);
  }

  let comparison: RunComparison | undefined;
  let stored = false;
  if (vigil) {
    try {
      await request(vigil.client, 'POST', '/api/suites/runs', run);
    } catch (error) {
      // The cases ran: keep them, whatever refused them.
      const saved = paths.output ?? resolve(`${run.id}.json`);
      writeFileSync(saved, resultJson(run, undefined, false));
      throw new CliError(`${(error as Error).message}\nthe run was not stored; it is saved in ${saved}: send it again with \`vigil suite upload ${saved}\``);
    }
    stored = true;
    const query = new URLSearchParams({ baseline: options.baseline, tolerance: String(tolerance) });
    try {
      comparison = await request<RunComparison>(vigil.client, 'GET', `/api/suites/runs/${encodeURIComponent(run.id)}/compare?${query}`);
    } catch (error) {
      if (!(error instanceof CliError && error.status === 404)) throw error;
      log(
        options.baseline === 'last-passing'
          ? `vigil: no earlier run of "${run.suite}" passed every case, so there is no baseline yet: this run is judged on its failing cases (--tolerance ${tolerance})`
          : `vigil: ${error.message.replace(/^GET \S+: 404 /, '')}`,
      );
    }
  }
  const publicUrl = options.publicUrl || process.env.VIGIL_PUBLIC_URL || (vigil ? options.url || process.env.VIGIL_URL || DEFAULT_URL : undefined);
  if (paths.output) writeFileSync(paths.output, resultJson(run, comparison, stored));
  if (paths.junit) writeFileSync(paths.junit, junitXml(run, comparison, { publicUrl }));
  if (paths.markdown) writeFileSync(paths.markdown, markdown(run, comparison, { publicUrl }));
  printRun(run, comparison, publicUrl, stored);
  const failed = run.cases.filter((c) => !c.pass).length;
  return comparison ? (comparison.regressed ? 1 : 0) : failed > tolerance ? 1 : 0;
}
