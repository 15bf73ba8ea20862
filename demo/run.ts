// The demo's orchestration: check that Vigil runs and takes the key, backfill `days` of history
// (deterministic with the seed), then trickle live traffic until the signal aborts.
import { setTimeout as sleep } from 'node:timers/promises';
import { Random } from './random.ts';
import { backfillDays, generateSession, planDay, type Execution } from './scenarios.ts';
import { checkVigil, createSender, DemoError, otlpTarget, type Sender } from './send.ts';

export interface DemoOptions {
  otlpUrl: string;
  key: string;
  days: number;
  perDay: number;
  live: boolean;
  ratePerMinute: number;
  seed?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Resolves once the spans Vigil acknowledged are queryable (given by `vigil start --demo`, which runs that Vigil). */
  stored?: () => Promise<void>;
}

export const DEFAULT_SEED = 20_250_601;
/** Executions between flushes: bounds the spans in flight (about 10 per execution). */
const FLUSH_EVERY = 200;
/** Executions per live session on average (support conversations have several turns). */
const EXECUTIONS_PER_SESSION = 1.6;
const LIVE_WARMUP_MS = 120_000;

interface Tally {
  executions: number;
  spans: number;
  byAgent: Map<string, number>;
  byOutcome: Map<string, number>;
}

function record(tally: Tally, sender: Sender, execution: Execution): void {
  tally.executions++;
  tally.spans += sender.send(execution);
  tally.byAgent.set(execution.agent, (tally.byAgent.get(execution.agent) ?? 0) + 1);
  const outcome = String(execution.root.attributes['vigil.outcome'] ?? 'unknown');
  tally.byOutcome.set(outcome, (tally.byOutcome.get(outcome) ?? 0) + 1);
}

const counts = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ');

export async function runDemo(options: DemoOptions): Promise<{ executions: number; spans: number }> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { signal } = options;
  const target = otlpTarget(options.otlpUrl);
  await checkVigil(target, options.key);
  const sender = createSender(target, options.key);
  const tally: Tally = { executions: 0, spans: 0, byAgent: new Map(), byOutcome: new Map() };
  try {
    if (options.days > 0 && options.perDay > 0) await backfill(options, sender, tally, log);
    if (options.live && !signal?.aborted) await trickle(options, sender, tally, log);
  } finally {
    await sender.flush();
    await sender.shutdown();
  }
  const { spans: failed, lastError } = sender.failures();
  if (failed > 0) log(`demo: ${failed} spans could not be sent (last error: ${lastError})`);
  return { executions: tally.executions, spans: tally.spans };
}

async function backfill(options: DemoOptions, sender: Sender, tally: Tally, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  const nowMs = Date.now();
  const random = new Random(options.seed ?? DEFAULT_SEED);
  const days = backfillDays(options.days, options.perDay, nowMs);
  const total = days.reduce((sum, day) => sum + day.executions, 0);
  const label = `demo: backfilling ${options.days} days`;
  let reported = 0;
  for (const [index, day] of days.entries()) {
    // The newest day carries the one XSS-looking answer, where a demo audience will find it.
    for (const execution of planDay(random, day, { nowMs }, index === days.length - 1)) {
      if (options.signal?.aborted) break;
      record(tally, sender, execution);
      if (tally.executions % FLUSH_EVERY === 0) {
        await sender.flush();
        stopOnFailure(sender, options.otlpUrl);
        if (tally.executions - reported >= total / 10) {
          reported = tally.executions;
          log(`${label}: ${tally.executions}/${total} executions`);
        }
      }
    }
  }
  await sender.flush();
  await options.stored?.();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`demo: backfilled ${tally.executions} executions (${tally.spans} spans) in ${seconds}s`);
  log(`demo:   agents: ${counts(tally.byAgent)}`);
  log(`demo:   outcomes: ${counts(tally.byOutcome)}`);
}

/** A backfill that cannot deliver (Vigil stopped, key revoked) stops instead of generating on. */
function stopOnFailure(sender: Sender, url: string): void {
  const { spans, lastError } = sender.failures();
  if (spans > 0) throw new DemoError(`${spans} spans could not be sent to ${url} (${lastError}); is Vigil still running?`);
}

async function trickle(options: DemoOptions, sender: Sender, tally: Tally, log: (line: string) => void): Promise<void> {
  const { signal } = options;
  const random = new Random((options.seed ?? DEFAULT_SEED) ^ Date.now());
  const sessionsPerMs = options.ratePerMinute / EXECUTIONS_PER_SESSION / 60_000;
  const before = tally.executions;
  // Executions are sent once they have ended, as an instrumented agent would.
  let pending: Execution[] = [];
  // Start as if traffic had been flowing for a while, so the first minutes already run at the rate.
  let nextArrival = Date.now() - LIVE_WARMUP_MS + random.exponential(sessionsPerMs);
  let lastReport = Date.now();
  log(`demo: sending live traffic, about ${options.ratePerMinute} executions a minute (Ctrl-C to stop)`);
  while (!signal?.aborted) {
    const now = Date.now();
    while (nextArrival <= now) {
      pending.push(...generateSession(random, nextArrival, { nowMs: now }));
      nextArrival += random.exponential(sessionsPerMs);
    }
    const due = pending.filter((e) => e.root.endMs <= now);
    pending = pending.filter((e) => e.root.endMs > now);
    for (const execution of due) record(tally, sender, execution);
    if (now - lastReport >= 60_000) {
      lastReport = now;
      log(`demo: live: ${tally.executions - before} executions sent`);
    }
    await sleep(Math.max(50, Math.min(1000, nextArrival - now)), undefined, signal ? { signal } : {}).catch(() => undefined);
  }
  log(`demo: stopped after ${tally.executions - before} live executions`);
}
