// Judging a batch of executions of one project: read their traces, run the checks the policy
// enables for each agent, store one row per judgement. Shared by the online loop and by
// re-evaluation of history.
import type { Store } from '../core/clickhouse/client.ts';
import { getJudgedTraces, insertEvaluations } from '../core/evaluations/repository.ts';
import type { EvaluationRow } from '../core/evaluations/row.ts';
import { checksFor, type Policy } from '../core/policy/index.ts';
import { evaluationsStored, executionsJudged } from '../core/metrics.ts';
import { costBaseline, type CostBaseline } from './checks/cost.ts';
import type { CheckName, CheckResult } from './checks/result.ts';
import { extractFacts, type ExecutionFacts } from './extract.ts';
import { recordFacts, type FactInput } from './outcomes/record.ts';
import { runChecks } from './run-checks.ts';
import { readCostSample, readTraces } from './store.ts';

const BASELINE_TTL_MS = 10 * 60_000;
const YIELD_EVERY = 25;
/** An agent without enough history yet is looked at again sooner. */
const MISSING_BASELINE_TTL_MS = 60_000;

/** Per agent cost baselines, read at most once per ten minutes each. */
export class CostBaselines {
  private readonly cache = new Map<string, { baseline: CostBaseline | undefined; readAt: number }>();
  private readonly store: Store;
  private readonly now: () => number;

  constructor(store: Store, now: () => number = Date.now) {
    this.store = store;
    this.now = now;
  }

  async get(projectId: string, agent: string, days: number): Promise<CostBaseline | undefined> {
    const key = `${projectId}\u0000${agent}\u0000${days}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.readAt < (cached.baseline ? BASELINE_TTL_MS : MISSING_BASELINE_TTL_MS)) return cached.baseline;
    const costs = await readCostSample(this.store.client, projectId, agent, this.now() - days * 86_400_000);
    const baseline = costBaseline(costs);
    this.cache.set(key, { baseline, readAt: this.now() });
    return baseline;
  }
}

export interface BatchItem {
  traceId: string;
  /** Newest ingest time of the trace's spans (ms), stored as the judgement's trace version. */
  version: number;
}

export interface JudgedExecution {
  projectId: string;
  facts: ExecutionFacts;
  results: CheckResult[];
}

export interface BatchReport {
  judged: JudgedExecution[];
  /** Items left alone: judged before at this version (with `skipJudged`). */
  skipped: number;
  rows: number;
  flagged: number;
}

export interface BatchOptions {
  /** Only this check. */
  only?: CheckName;
  /** Leave traces already judged at their current version alone (the online loop after a restart). */
  skipJudged?: boolean;
}

export function toRow(
  projectId: string,
  facts: ExecutionFacts,
  result: CheckResult,
  policyHash: string,
  version: number,
  source: EvaluationRow['source'] = 'guardrail',
  timeNs: string = facts.startNs,
): EvaluationRow {
  return {
    project_id: projectId,
    time: timeNs,
    trace_id: facts.traceId,
    span_id: result.spanId,
    check: result.check,
    source,
    agent_name: facts.agent,
    score: Number.isFinite(result.score) ? result.score : 0,
    label: result.label,
    passed: result.passed,
    explanation: result.explanation,
    details: JSON.stringify(result.details ?? {}),
    policy_hash: policyHash,
    trace_version: version,
  };
}

export async function judgeBatch(
  store: Store,
  baselines: CostBaselines,
  policy: Policy,
  projectId: string,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<BatchReport> {
  const before = await getJudgedTraces(store.client, projectId, items.map((i) => i.traceId));
  const todo = options.skipJudged ? items.filter((i) => (before.get(i.traceId)?.version ?? -1) < i.version) : items;
  const traces = await readTraces(store.client, projectId, todo.map((i) => i.traceId));
  const rows: EvaluationRow[] = [];
  const judged: JudgedExecution[] = [];
  const factInputs: FactInput[] = [];
  for (const [index, item] of todo.entries()) {
    // The checks are CPU work on the event loop the collector and the API share: let them in.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const spans = traces.get(item.traceId) ?? [];
    const facts = extractFacts(spans);
    if (!facts) continue;
    factInputs.push({ facts, spans, version: item.version });
    const checks = checksFor(policy.document, facts.agent);
    const costBaseline = checks.cost_anomaly.enabled ? await baselines.get(projectId, facts.agent, checks.cost_anomaly.baselineDays) : undefined;
    const results = runChecks(facts, checks, { only: options.only, costBaseline });
    const timeNs = before.get(item.traceId)?.timeNs ?? facts.startNs;
    judged.push({ projectId, facts: { ...facts, startNs: timeNs }, results });
    for (const result of results) rows.push(toRow(projectId, facts, result, policy.hash, item.version, 'guardrail', timeNs));
  }
  // Facts first: they are written only when they change, so a crash before the judgements are
  // stored leads to the execution being judged again and its facts left as they are.
  await recordFacts(store, policy, projectId, factInputs);
  await insertEvaluations(store, rows);
  executionsJudged.inc(judged.length);
  for (const row of rows) evaluationsStored.inc({ check: row.check, result: row.passed ? 'passed' : 'flagged' });
  return { judged, skipped: items.length - todo.length, rows: rows.length, flagged: rows.filter((r) => !r.passed).length };
}
