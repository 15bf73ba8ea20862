// The executive view's reads, timed like the other query cases: the business report (what
// GET /api/metrics/business calls) and the per-day cost by agent and model (what GET /api/metrics/cost
// reads), on the per-day sums. Each report's execution count is checked against the corpus plan.
import { wholeDays } from '../../core/business/metrics.ts';
import { businessReport, costReport, type Interval } from '../../core/business/report.ts';
import type { ValuePolicy } from '../../core/policy/business.ts';
import { AGENTS } from './corpus-agents.ts';
import type { CorpusPlan } from './corpus-plan.ts';
import type { QueryCase } from './query-cases.ts';

const PROJECT = 'default';
const DAY_MS = 86_400_000;

/**
 * Every target set, and a baseline period for the handoff target: the policy that makes the report
 * read the most (the baseline adds one read per agent).
 */
export function benchValuePolicy(plan: CorpusPlan): ValuePolicy {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return {
    defaults: {
      valuePerResolved: 6,
      costPerEscalation: 9,
      fixedMonthlyCost: 400,
      baseline: { from: day(plan.startMs), to: day(plan.startMs + 7 * DAY_MS) },
      targets: { handoffReduction: 0.3, slaCompliance: 0.95, resolutionRate: 0.7, satisfaction: 0.8, maxCostPerExecution: 0.05 },
    },
  };
}

/** Executions of the plan that start in [fromMs, toMs), of one agent or all. */
function executionsIn(plan: CorpusPlan, fromMs: number, toMs: number, agent?: string): number {
  const agentIndex = agent === undefined ? -1 : AGENTS.findIndex((a) => a.name === agent);
  let n = 0;
  for (let i = 0; i < plan.executions; i++) {
    const ms = plan.startUs[i]! / 1000;
    if (ms >= fromMs && ms < toMs && (agentIndex < 0 || plan.agentOf[i] === agentIndex)) n++;
  }
  return n;
}

export function businessCases(plan: CorpusPlan, endMs: number): QueryCase[] {
  const value = benchValuePolicy(plan);
  const report = (days: number, interval: Interval, agent?: string): QueryCase => {
    const range = { fromMs: endMs - days * DAY_MS, toMs: endMs };
    const { fromDay, toDay } = wholeDays(range.fromMs, range.toMs);
    const expected = executionsIn(plan, fromDay, toDay, agent);
    return {
      name: `business ${days} d by ${interval}: ${agent ? `agent=${agent}` : 'all agents'}`,
      stat: 'p95',
      targetMs: 100,
      warmup: 3,
      runs: 100,
      async run(client) {
        const result = await businessReport(client, PROJECT, range, interval, value, agent);
        if (result.totals.executions !== expected) throw new Error(`business report ${days} d: ${result.totals.executions} executions, the corpus has ${expected}`);
        return { total: result.totals.executions };
      },
    };
  };

  // What GET /api/metrics/cost calls.
  const cost = (days: number): QueryCase => ({
    name: `cost ${days} d by agent and model (costReport)`,
    stat: 'p95',
    targetMs: 100,
    warmup: 3,
    runs: 100,
    async run(client) {
      const { rows } = await costReport(client, PROJECT, { fromMs: endMs - days * DAY_MS, toMs: endMs }, 'day');
      if (rows.length === 0) throw new Error('no cost rows: are the facts filled in?');
      return { total: rows.length };
    },
  });

  const agent = AGENTS[0]!.name;
  return [report(30, 'day'), report(30, 'day', agent), report(7, 'week'), cost(30)];
}
