// The shape of a generated corpus before any row exists: which agent runs each execution, how many
// spans it has, and when it starts. Start times follow a daily and weekly traffic curve and are
// increasing, so rows come out in time order, as a collector would insert them.
import { AGENT_WEIGHTS, AGENTS } from './corpus-agents.ts';
import { createRng } from './prng.ts';

export interface CorpusPlan {
  seed: number;
  startMs: number;
  endMs: number;
  executions: number;
  spans: number;
  agentOf: Uint8Array;
  spanCountOf: Uint8Array;
  /** Start of each execution in microseconds since the epoch, increasing. */
  startUs: Float64Array;
}

export const MAX_SPANS_PER_EXECUTION = 40;

/** Relative traffic at a moment: a working-day peak around 15:00 UTC, quieter nights and weekends. */
function traffic(ms: number): number {
  const date = new Date(ms);
  const hour = date.getUTCHours() + date.getUTCMinutes() / 60;
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  const peak = Math.exp(-(((hour - 15) / 4.5) ** 2) / 2);
  return (weekend ? 0.45 : 1) * (0.15 + 0.85 * peak);
}

export function planCorpus(targetSpans: number, endMs: number, days: number, seed: number): CorpusPlan {
  const rng = createRng(seed);
  const capacity = Math.ceil(targetSpans / 3) + 1;
  const agentOf = new Uint8Array(capacity);
  const spanCountOf = new Uint8Array(capacity);
  let executions = 0;
  let spans = 0;
  while (spans < targetSpans) {
    const agent = rng.weighted(AGENT_WEIGHTS);
    const spec = AGENTS[agent]!;
    const count = Math.min(MAX_SPANS_PER_EXECUTION, spec.minSpans + Math.floor(rng.exp(spec.extraSpans)), Math.max(3, targetSpans - spans));
    agentOf[executions] = agent;
    spanCountOf[executions] = count;
    spans += count;
    executions++;
  }

  // Inverse of the cumulative traffic over whole minutes: execution i starts where the curve
  // reaches (i + 0.5) / executions of its total.
  const minutes = days * 1440;
  const startMs = endMs - minutes * 60_000;
  const cumulative = new Float64Array(minutes + 1);
  for (let m = 0; m < minutes; m++) cumulative[m + 1] = cumulative[m]! + traffic(startMs + m * 60_000);
  const total = cumulative[minutes]!;
  const startUs = new Float64Array(executions);
  let minute = 0;
  for (let i = 0; i < executions; i++) {
    const target = ((i + 0.5) / executions) * total;
    while (cumulative[minute + 1]! < target) minute++;
    const within = (target - cumulative[minute]!) / (cumulative[minute + 1]! - cumulative[minute]!);
    startUs[i] = Math.floor((startMs + (minute + within) * 60_000) * 1000);
  }
  return { seed, startMs, endMs, executions, spans, agentOf: agentOf.subarray(0, executions), spanCountOf: spanCountOf.subarray(0, executions), startUs };
}
