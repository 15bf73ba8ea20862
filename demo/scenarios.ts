// Realistic demo traffic as plain data: which agent runs when, and what each execution looks like.
// Pure: the same random generator state, start time and clock give the same executions.
import { incidentExecution } from './agents/incident.ts';
import { supplyChainExecution } from './agents/supply-chain.ts';
import { supportSession } from './agents/support.ts';
import type { Random } from './random.ts';
import type { ScenarioContext } from './scenario-context.ts';
import type { Execution } from './spans.ts';

export type { ScenarioContext } from './scenario-context.ts';
export type { Execution, SpanDescription } from './spans.ts';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Relative traffic per UTC hour: quiet nights, a morning ramp, busy afternoons (Europe + US). */
const HOURLY = [0.25, 0.2, 0.18, 0.18, 0.2, 0.3, 0.5, 0.8, 1.1, 1.3, 1.4, 1.4, 1.3, 1.35, 1.4, 1.45, 1.4, 1.3, 1.1, 0.9, 0.7, 0.55, 0.4, 0.3];
const MAX_HOURLY = Math.max(...HOURLY);
const WEEKEND = 0.55;

type Agent = 'support' | 'incident' | 'supply';

/**
 * One unit of traffic starting at `startMs`: a support conversation (one execution per turn), an
 * incident triage, or a supply-chain exception.
 */
export function generateSession(random: Random, startMs: number, ctx: ScenarioContext): Execution[] {
  if (ctx.special) return supportSession(random, startMs, ctx);
  const agent = random.weighted<Agent>({ support: 55, incident: 17, supply: 28 });
  if (agent === 'support') return supportSession(random, startMs, ctx);
  if (agent === 'incident') return [incidentExecution(random, startMs, ctx)];
  return [supplyChainExecution(random, startMs, ctx)];
}

function dayWeight(ms: number): number {
  const weekday = new Date(ms).getUTCDay();
  return weekday === 0 || weekday === 6 ? WEEKEND : 1;
}

export interface Day {
  startMs: number;
  endMs: number;
  executions: number;
}

/**
 * The backfill's days, oldest first, ending at `nowMs`, with exactly `days × perDay` executions
 * shared out by weekday (weekends are quieter). The window starts ten minutes late so its oldest
 * spans are still inside a retention period of `days` days when they arrive.
 */
export function backfillDays(days: number, perDay: number, nowMs: number): Day[] {
  const total = days * perDay;
  const spans = Array.from({ length: days }, (_, i) => {
    const startMs = nowMs - (days - i) * DAY_MS + (i === 0 ? 10 * 60_000 : 0);
    return { startMs, endMs: nowMs - (days - i - 1) * DAY_MS, weight: dayWeight(startMs + DAY_MS / 2) };
  });
  const weights = spans.reduce((sum, d) => sum + d.weight, 0);
  const exact = spans.map((d) => (total * d.weight) / weights);
  const counts = exact.map(Math.floor);
  // Largest remainders get the executions rounding left over, so the total is exact.
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const missing = total - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) counts[order[k]![1]]! += 1;
  return spans.map((d, i) => ({ startMs: d.startMs, endMs: d.endMs, executions: counts[i]! }));
}

/** A start time in [startMs, endMs), busier hours more likely. */
function busyTime(random: Random, startMs: number, endMs: number): number {
  for (;;) {
    const t = startMs + random.next() * (endMs - startMs);
    if (random.next() * MAX_HOURLY < HOURLY[new Date(t).getUTCHours()]!) return t;
  }
}

/**
 * Exactly `day.executions` executions that start and end inside the day and before `ctx.nowMs`,
 * ordered by start time. With `withSpecial`, the first is the XSS-looking support answer.
 */
export function planDay(random: Random, day: Day, ctx: ScenarioContext, withSpecial = false): Execution[] {
  const executions: Execution[] = [];
  const end = Math.min(day.endMs, ctx.nowMs);
  let special = withSpecial;
  for (let attempts = 0; executions.length < day.executions; attempts++) {
    if (attempts > day.executions * 50) throw new Error(`could not fit ${day.executions} executions in the day starting ${new Date(day.startMs).toISOString()}`);
    const start = busyTime(random, day.startMs, Math.max(day.startMs + 1, end - HOUR_MS / 4));
    const session = generateSession(random, start, special ? { ...ctx, special: 'xss' } : ctx);
    for (const execution of session) {
      if (executions.length < day.executions && execution.root.endMs <= end) executions.push(execution);
    }
    special = false;
  }
  return executions.sort((a, b) => a.root.startMs - b.root.startMs);
}
