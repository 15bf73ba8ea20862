// The reads the benchmark times, each through the function the API route calls: opening a trace,
// the first page of trace search, and the latency series of the dashboards, with their targets.
import type { ClickHouseClient } from '@clickhouse/client';
import { getExecution } from '../../core/executions/repository.ts';
import { searchExecutions, type ExecutionFilter, type SortKey } from '../../core/executions/search.ts';
import { chooseBucketSeconds, getLatencySeries, type LatencyGroup } from '../../core/rollups/latency.ts';
import { getTraceSpans, getTraceTimeline, type TraceRange } from '../../core/spans/repository.ts';
import { AGENTS } from './corpus-agents.ts';
import type { CorpusPlan } from './corpus-plan.ts';
import { RARE_WORD } from './corpus-text.ts';
import { traceIdOf } from './corpus.ts';
import { hash32 } from './prng.ts';

const PROJECT = 'default';
const HOUR_MS = 3600_000;

export interface QueryCase {
  name: string;
  stat: 'p95' | 'p99';
  targetMs: number;
  warmup: number;
  runs: number;
  /** One request; `i` varies the input between runs (negative during warm-up). */
  run(client: ClickHouseClient, i: number): Promise<{ total: number }>;
}

export function queryCases(plan: CorpusPlan, endMs: number): QueryCase[] {
  // As GET /api/traces/:id (the full trace) and GET /api/traces/:id/timeline do.
  const openTrace = (name: string, readSpans: (client: ClickHouseClient, traceId: string, range: TraceRange) => Promise<unknown[]>): QueryCase => ({
    name,
    stat: 'p99',
    targetMs: 50,
    warmup: 10,
    runs: 300,
    async run(client, i) {
      const execution = hash32(plan.seed ^ 0x7ace, i >>> 0) % plan.executions;
      const traceId = traceIdOf(plan, execution);
      // The execution first; its time range bounds the spans read (chDB runs statements in sequence).
      const found = await getExecution(client, PROJECT, traceId);
      const spans = found ? await readSpans(client, traceId, { startNs: found.startTimeUnixNano, endNs: found.endTimeUnixNano }) : [];
      if (!found || spans.length !== plan.spanCountOf[execution]) {
        throw new Error(`trace ${traceId}: expected ${plan.spanCountOf[execution]} spans and its execution, got ${spans.length} and ${found ? 'it' : 'none'}`);
      }
      return { total: spans.length };
    },
  });

  const search = (name: string, hours: number, filter: Partial<ExecutionFilter>, sort: SortKey = 'time'): QueryCase => ({
    name: `search ${hours === 24 ? '24 h' : `${hours / 24} d`}: ${name}`,
    stat: 'p95',
    targetMs: 200,
    warmup: 3,
    runs: 100,
    async run(client) {
      const page = await searchExecutions(client, PROJECT, { fromMs: endMs - hours * HOUR_MS, toMs: endMs, ...filter }, { sort, order: 'desc', limit: 50 });
      return { total: page.total };
    },
  });

  const series = (groupBy: LatencyGroup): QueryCase => ({
    name: `latency series 24 h by ${groupBy}`,
    stat: 'p95',
    targetMs: 100,
    warmup: 3,
    runs: 100,
    async run(client) {
      const fromSec = (endMs - 24 * HOUR_MS) / 1000;
      const toSec = endMs / 1000;
      const points = await getLatencySeries(client, PROJECT, { fromSec, toSec, bucketSeconds: chooseBucketSeconds(toSec - fromSec), groupBy });
      return { total: points.length };
    },
  });

  const agent = AGENTS[0]!.name;
  return [
    openTrace('trace by id (execution + spans)', (client, traceId, range) => getTraceSpans(client, PROJECT, traceId, { dropRepeatedText: true, range })),
    openTrace('trace timeline (execution + timeline)', (client, traceId, range) => getTraceTimeline(client, PROJECT, traceId, range)),
    search('no filter, newest first', 24, {}),
    search(`agent=${agent}, status=error`, 24, { agent, status: 'error' }),
    search(`text "${RARE_WORD}" (~1% of answers)`, 24, { text: RARE_WORD }),
    search('longest first', 24, {}, 'duration'),
    search('cost ≥ $0.05', 24, { minCostUsd: 0.05 }),
    search('no filter, newest first', 7 * 24, {}),
    series('agent'),
    series('model'),
  ];
}
