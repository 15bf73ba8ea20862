// Suite runs and their case results in and out of ClickHouse (sql/0011_suites.sql). Reads use
// FINAL: a run uploaded again replaces its earlier copy.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Store } from '../clickhouse/client.ts';
import { queryRows } from '../clickhouse/query.ts';
import { dateTime64FromMillis } from '../time.ts';
import { totalsOf, type AssertionResult, type CaseResult, type RunSummary, type RunTotals, type SuiteRun } from './model.ts';

export type { RunSummary } from './model.ts';

export async function insertRun(store: Pick<Store, 'insertJsonLines'>, projectId: string, run: SuiteRun): Promise<RunSummary> {
  const totals = totalsOf(run);
  await store.insertJsonLines(
    'suite_cases',
    run.cases.map((c) =>
      JSON.stringify({
        project_id: projectId,
        run_id: run.id,
        case_id: c.caseId,
        description: c.description,
        pass: c.pass,
        score: c.score,
        assertions: JSON.stringify(c.assertions),
        latency_ms: c.latencyMs,
        cost_usd: c.costUsd,
        output: c.output,
        trace_id: c.traceId,
        error: c.error,
        vars: JSON.stringify(c.vars),
      }),
    ),
  );
  // The run row last: a run is listed only once its cases are stored.
  await store.insertJsonLines('suite_runs', [
    JSON.stringify({
      project_id: projectId,
      id: run.id,
      suite: run.suite,
      agent: run.agent,
      agent_version: run.agentVersion,
      git_commit: run.gitCommit,
      started_at: dateTime64FromMillis(Date.parse(run.startedAt)),
      duration_ms: run.durationMs,
      cases: totals.cases,
      passed: totals.passed,
      pass_rate: totals.passRate,
      cost_usd: totals.costUsd,
      latency_p50_ms: totals.latencyP50Ms,
    }),
  ]);
  return summaryOf(run, totals);
}

const summaryOf = (run: Omit<SuiteRun, 'cases'>, totals: RunTotals): RunSummary => ({
  id: run.id,
  suite: run.suite,
  agent: run.agent,
  agentVersion: run.agentVersion,
  gitCommit: run.gitCommit,
  startedAt: run.startedAt,
  durationMs: run.durationMs,
  ...totals,
});

interface StoredRun {
  id: string;
  suite: string;
  agent: string;
  agent_version: string;
  git_commit: string;
  started_ms: string;
  duration_ms: number;
  cases: number;
  passed: number;
  pass_rate: number;
  cost_usd: number;
  latency_p50_ms: number;
}

const RUN_COLUMNS = `id, suite, agent, agent_version, git_commit, toUnixTimestamp64Milli(started_at) AS started_ms, duration_ms, cases, passed,
  pass_rate, cost_usd, latency_p50_ms`;

const parseRun = (r: StoredRun): RunSummary => ({
  id: r.id,
  suite: r.suite,
  agent: r.agent,
  agentVersion: r.agent_version,
  gitCommit: r.git_commit,
  startedAt: new Date(Number(r.started_ms)).toISOString(),
  durationMs: Number(r.duration_ms),
  cases: Number(r.cases),
  passed: Number(r.passed),
  failed: Number(r.cases) - Number(r.passed),
  passRate: Number(r.pass_rate),
  costUsd: Number(r.cost_usd),
  latencyP50Ms: Number(r.latency_p50_ms),
});

/** Runs, newest first: of one suite, or of every suite. */
export async function listRuns(client: ClickHouseClient, projectId: string, options: { suite?: string; limit: number }): Promise<RunSummary[]> {
  const rows = await queryRows<StoredRun>(
    client,
    `SELECT ${RUN_COLUMNS} FROM suite_runs FINAL
     WHERE project_id = {project: String} AND ({suite: String} = '' OR suite = {suite: String})
     ORDER BY started_at DESC, id DESC LIMIT {limit: UInt32}`,
    { project: projectId, suite: options.suite ?? '', limit: options.limit },
  );
  return rows.map(parseRun);
}

/** The newest run of `suite` that started before `beforeMs` and passed every case. */
export async function lastPassingRun(client: ClickHouseClient, projectId: string, suite: string, beforeMs: number): Promise<RunSummary | undefined> {
  const [row] = await queryRows<StoredRun>(
    client,
    `SELECT ${RUN_COLUMNS} FROM suite_runs FINAL
     WHERE project_id = {project: String} AND suite = {suite: String} AND started_at < {before: DateTime64(3)} AND cases > 0 AND passed = cases
     ORDER BY started_at DESC LIMIT 1`,
    { project: projectId, suite, before: dateTime64FromMillis(beforeMs) },
  );
  return row ? parseRun(row) : undefined;
}

/** A stored run with its cases, or undefined. */
export async function getRun(client: ClickHouseClient, projectId: string, id: string): Promise<(SuiteRun & { totals: RunTotals }) | undefined> {
  const [run] = await queryRows<StoredRun>(client, `SELECT ${RUN_COLUMNS} FROM suite_runs FINAL WHERE project_id = {project: String} AND id = {id: String}`, { project: projectId, id });
  if (!run) return undefined;
  const cases = await queryRows<{ case_id: string; description: string; pass: boolean; score: number; assertions: string; latency_ms: number; cost_usd: number; output: string; trace_id: string; error: string; vars: string }>(
    client,
    `SELECT case_id, description, pass, score, assertions, latency_ms, cost_usd, output, trace_id, error, vars FROM suite_cases FINAL
     WHERE project_id = {project: String} AND run_id = {id: String} ORDER BY case_id`,
    { project: projectId, id },
  );
  const summary = parseRun(run);
  const parsed: CaseResult[] = cases.map((c) => ({
    caseId: c.case_id,
    description: c.description,
    pass: Boolean(c.pass),
    score: Number(c.score),
    assertions: JSON.parse(c.assertions) as AssertionResult[],
    latencyMs: Number(c.latency_ms),
    costUsd: Number(c.cost_usd),
    output: c.output,
    traceId: c.trace_id,
    error: c.error,
    vars: JSON.parse(c.vars) as Record<string, string>,
  }));
  const { cases: _count, passed, failed, passRate, costUsd, latencyP50Ms, ...run_ } = summary;
  return { ...run_, cases: parsed, totals: { cases: _count, passed, failed, passRate, costUsd, latencyP50Ms } };
}
