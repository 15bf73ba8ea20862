// Simulated latency of one series (agent and model) with a daily cycle, and the drift check run
// over it every minute exactly as the evaluator runs it: driftWindows → durations in those windows
// (capped at policy.maxSamples) → detectDrift. Pure and seeded: the same seed gives the same figures.
import { DAY_MS, detectDrift, driftWindows, MINUTE_MS, startOfMinute, type DriftPolicy, type DriftResult, type TimeWindow } from '../../evaluator/drift/index.ts';
import { createRng } from './prng.ts';

export interface TrafficModel {
  /** Mean executions per second over a day. */
  readonly ratePerSecond: number;
  /** Daily swing of the rate: 0.5 = from half to one and a half times the mean. */
  readonly rateSwing: number;
  /** Median latency at the daily mean. */
  readonly medianMs: number;
  /** Daily swing of the median: 0.3 = ±30%, slowest when busiest. */
  readonly medianSwing: number;
  /** Hour (UTC) of the busiest and slowest time of day. */
  readonly peakHourUtc: number;
  /** Standard deviation of log latency (0.6: p95 ≈ 2.7 × p50). */
  readonly spread: number;
  /**
   * Standard deviation of a slow random wander of log latency on top of the daily cycle
   * (independent levels every `wanderHours`, interpolated): real series are never exactly
   * periodic, and a check that only survives perfect periodicity would not survive production.
   */
  readonly wander: number;
  readonly wanderHours: number;
}

export const SEASONAL_TRAFFIC: TrafficModel = {
  ratePerSecond: 3,
  rateSwing: 0.5,
  medianMs: 2000,
  medianSwing: 0.3,
  peakHourUtc: 15,
  spread: 0.6,
  wander: 0.05,
  wanderHours: 3,
};

/** Executions in start order, indexed by minute. */
export interface Traffic {
  /** Start of the first minute (whole minutes). */
  readonly fromMs: number;
  /** minuteStarts[i] is the index of the first execution of minute i; one entry more than minutes. */
  readonly minuteStarts: Uint32Array;
  /** Milliseconds since fromMs. */
  readonly startOffsetsMs: Float64Array;
  readonly durationsMs: Float32Array;
}

/** Where the day's cycle stands at `ms`: 1 at the peak hour, −1 twelve hours away. */
const cycle = (model: TrafficModel, ms: number): number => Math.cos((2 * Math.PI * (ms / 3_600_000 - model.peakHourUtc)) / 24);

function grown<T extends Float64Array | Float32Array>(array: T, make: (n: number) => T): T {
  const bigger = make(Math.ceil(array.length * 1.5));
  bigger.set(array);
  return bigger;
}

export function simulateTraffic(model: TrafficModel, window: TimeWindow, seed: number): Traffic {
  const fromMs = startOfMinute(window.fromMs);
  const minutes = Math.ceil((window.toMs - fromMs) / MINUTE_MS);
  const random = createRng(seed);
  const wanderRandom = createRng(seed ^ 0x5bd1e995);
  const knotMs = model.wanderHours * 3_600_000;
  const knots = Array.from({ length: Math.ceil((minutes * MINUTE_MS) / knotMs) + 2 }, () => wanderRandom.logNormal(1, model.wander));
  const wanderAt = (offsetMs: number): number => {
    const position = offsetMs / knotMs;
    const i = Math.floor(position);
    return knots[i]! + (position - i) * (knots[i + 1]! - knots[i]!);
  };

  const minuteStarts = new Uint32Array(minutes + 1);
  let startOffsetsMs = new Float64Array(Math.ceil(model.ratePerSecond * 60 * minutes * 1.1) + 1024);
  let durationsMs = new Float32Array(startOffsetsMs.length);
  let count = 0;
  for (let m = 0; m < minutes; m++) {
    minuteStarts[m] = count;
    const minuteMs = m * MINUTE_MS;
    const phase = cycle(model, fromMs + minuteMs + MINUTE_MS / 2);
    const meanGapMs = 1000 / (model.ratePerSecond * (1 + model.rateSwing * phase));
    const median = model.medianMs * (1 + model.medianSwing * phase) * wanderAt(minuteMs);
    for (let t = random.exp(meanGapMs); t < MINUTE_MS; t += random.exp(meanGapMs)) {
      if (count === durationsMs.length) {
        startOffsetsMs = grown(startOffsetsMs, (n) => new Float64Array(n));
        durationsMs = grown(durationsMs, (n) => new Float32Array(n));
      }
      startOffsetsMs[count] = minuteMs + t;
      durationsMs[count] = random.logNormal(median, model.spread);
      count++;
    }
  }
  minuteStarts[minutes] = count;
  return { fromMs, minuteStarts, startOffsetsMs: startOffsetsMs.subarray(0, count), durationsMs: durationsMs.subarray(0, count) };
}

/** The same traffic with every execution starting at or after `atMs` `factor` times slower (every percentile moves by `factor`). */
export function withShift(traffic: Traffic, atMs: number, factor: number): Traffic {
  const durationsMs = Float32Array.from(traffic.durationsMs);
  for (let i = 0; i < durationsMs.length; i++) if (traffic.fromMs + traffic.startOffsetsMs[i]! >= atMs) durationsMs[i] = durationsMs[i]! * factor;
  return { ...traffic, durationsMs };
}

/** Indices of the first and past-the-last execution starting in `window` (whole minutes). */
function span(traffic: Traffic, window: TimeWindow): { first: number; count: number } {
  const minute = (ms: number) => Math.min(traffic.minuteStarts.length - 1, Math.max(0, Math.round((ms - traffic.fromMs) / MINUTE_MS)));
  const first = traffic.minuteStarts[minute(window.fromMs)]!;
  return { first, count: traffic.minuteStarts[minute(window.toMs)]! - first };
}

/**
 * Durations of executions starting in `window`, at most `max` of them, written into `into` from
 * `at`: an evenly spaced sample in start order, independent of duration like the caller's hash sample.
 */
function sampleInto(traffic: Traffic, window: TimeWindow, max: number, into: Float64Array, at: number): number {
  const { first, count } = span(traffic, window);
  const taken = Math.min(count, max);
  const step = count / Math.max(1, taken);
  for (let k = 0; k < taken; k++) into[at + k] = traffic.durationsMs[first + Math.floor(k * step)]!;
  return at + taken;
}

export function durationsIn(traffic: Traffic, window: TimeWindow, max: number): Float64Array {
  const into = new Float64Array(Math.min(max, span(traffic, window).count));
  sampleInto(traffic, window, max, into, 0);
  return into;
}

/** One evaluation as the evaluator runs it at `nowMs`: the baseline cap is split evenly over its days. */
export function evaluateAt(traffic: Traffic, nowMs: number, policy: DriftPolicy): DriftResult {
  const windows = driftWindows(nowMs, policy);
  const perDay = Math.ceil(policy.maxSamples.baseline / windows.baseline.length);
  const baseline = new Float64Array(perDay * windows.baseline.length);
  let filled = 0;
  for (const window of windows.baseline) filled = sampleInto(traffic, window, perDay, baseline, filled);
  return detectDrift(baseline.subarray(0, filled), durationsIn(traffic, windows.recent, policy.maxSamples.recent), policy);
}

/** How much earlier data one evaluation reads: the baseline days, their margin and the lag. */
export const lookbackMs = (policy: DriftPolicy): number =>
  policy.baselineDays * DAY_MS + (policy.baselineMarginMinutes + policy.recentMinutes + policy.lagMinutes + 1) * MINUTE_MS;

export interface Detection {
  /** Minutes from the onset to the first evaluation that flagged it; undefined if none within the horizon. */
  readonly delayMinutes: number | undefined;
  /** Evaluations flagged in the half hour before the onset (false alarms). */
  readonly flaggedBefore: number;
}

/**
 * Shift the series by each factor at a random time of day (one per seed, after a week of history)
 * and run the check every minute from half an hour before the onset to `horizonMinutes` after.
 */
export function detectionDelays(
  model: TrafficModel,
  policy: DriftPolicy,
  options: { readonly factors: readonly number[]; readonly seed: number; readonly horizonMinutes: number; readonly startMs: number },
): Map<number, Detection> {
  const onsetMs = options.startMs + lookbackMs(policy) + createRng(options.seed).next() * DAY_MS;
  const traffic = simulateTraffic(model, { fromMs: onsetMs - lookbackMs(policy) - 30 * MINUTE_MS, toMs: onsetMs + (options.horizonMinutes + 1) * MINUTE_MS }, options.seed);
  const firstMs = Math.ceil(onsetMs / MINUTE_MS) * MINUTE_MS;
  const detections = new Map<number, Detection>();
  for (const factor of options.factors) {
    const shifted = withShift(traffic, onsetMs, factor);
    let flaggedBefore = 0;
    for (let nowMs = firstMs - 30 * MINUTE_MS; nowMs < firstMs; nowMs += MINUTE_MS) if (evaluateAt(shifted, nowMs, policy).drifted) flaggedBefore++;
    let delayMinutes: number | undefined;
    for (let nowMs = firstMs; nowMs <= onsetMs + options.horizonMinutes * MINUTE_MS; nowMs += policy.intervalMinutes * MINUTE_MS) {
      if (evaluateAt(shifted, nowMs, policy).drifted) {
        delayMinutes = (nowMs - onsetMs) / MINUTE_MS;
        break;
      }
    }
    detections.set(factor, { delayMinutes, flaggedBefore });
  }
  return detections;
}

export interface FalseAlarms {
  readonly evaluations: number;
  /** Alarms as an alert engine raises them: runs of consecutive flagged evaluations. */
  readonly alarms: number;
  readonly flaggedEvaluations: number;
  /** Alarms had the flag needed only the distribution test (p below the per-evaluation level, slower). */
  readonly alarmsTestOnly: number;
  /** Alarms had the flag needed only the magnitude floor (ratio ≥ minRatio). */
  readonly alarmsFloorOnly: number;
}

/** Run the check every minute over `weeks` of stationary traffic (after a week of history) and count alarms. */
export function falseAlarms(model: TrafficModel, policy: DriftPolicy, options: { readonly weeks: number; readonly seed: number; readonly startMs: number }): FalseAlarms {
  const fromMs = options.startMs + lookbackMs(policy);
  const toMs = fromMs + options.weeks * 7 * DAY_MS;
  const traffic = simulateTraffic(model, { fromMs: options.startMs, toMs }, options.seed);
  const counts = { evaluations: 0, alarms: 0, flaggedEvaluations: 0, alarmsTestOnly: 0, alarmsFloorOnly: 0 };
  const previous = { drifted: false, testOnly: false, floorOnly: false };
  for (let nowMs = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS; nowMs < toMs; nowMs += policy.intervalMinutes * MINUTE_MS) {
    const result = evaluateAt(traffic, nowMs, policy);
    const now = {
      drifted: result.drifted,
      testOnly: result.enough && result.ks.pValue < result.criteria.alpha && result.ratio > 1,
      floorOnly: result.enough && result.ratio >= policy.minRatio,
    };
    counts.evaluations++;
    if (now.drifted) counts.flaggedEvaluations++;
    if (now.drifted && !previous.drifted) counts.alarms++;
    if (now.testOnly && !previous.testOnly) counts.alarmsTestOnly++;
    if (now.floorOnly && !previous.floorOnly) counts.alarmsFloorOnly++;
    Object.assign(previous, now);
  }
  return counts;
}
