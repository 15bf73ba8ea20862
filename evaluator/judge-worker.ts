// The judge cascade, beside the loop: answers whose offline groundedness score is uncertain (in
// the policy's band) are queued for the LLM judge; a few calls run at a time; each verdict is
// stored as a `judge` judgement next to the offline one. A failing or slow judge yields `unknown`
// and a retry later — the loop never waits for it.
import type { Store } from '../core/clickhouse/client.ts';
import { getJudgedTraces, insertEvaluations } from '../core/evaluations/repository.ts';
import { evaluationsStored, judgeCost, judgeLatency, judgeRequests, judgeTokens } from '../core/metrics.ts';
import type { JudgeStatus } from '../core/evaluations/runs.ts';
import type { PolicyStore } from '../core/policy/index.ts';
import type { Pricing } from '../core/pricing/index.ts';
import { extractFacts, type ExecutionFacts } from './extract.ts';
import { readOwedJudgements, readTraces } from './store.ts';
import { toRow, type JudgedExecution } from './judge-batch.ts';
import { createJudge, judgeResult, JudgeRetryQueue, shouldJudge, type Judge, type JudgeOutcome, type JudgeSettings } from './judge/index.ts';

interface Job {
  projectId: string;
  facts: ExecutionFacts;
  version: number;
}


export interface JudgeWorker {
  offer(executions: readonly JudgedExecution[]): void;
  /**
   * Queues what the judge still owes from the last day (lost with a restart: the queue and its
   * retries live in memory). Returns how many were queued.
   */
  recover(): Promise<number>;
  status(): JudgeStatus;
  /** Waits for the calls in flight (tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const CONCURRENCY = 2;
const MAX_QUEUE = 1000;
/** How far back a restart looks for answers the judge still owes a verdict on. */
const RECOVER_MS = 86_400_000;

export function createJudgeWorker(store: Store, policy: PolicyStore, options: { pricing?: Pricing; now?: () => number; log?: (m: string) => void; fetch?: typeof fetch } = {}): JudgeWorker {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((m: string) => console.error(m));
  const queue: Job[] = [];
  const retries = new JudgeRetryQueue<Job>();
  const tally = { considered: 0, sent: 0, judged: 0, unknown: 0, costUsd: 0, failuresInRow: 0 };
  const busy = new Set<string>();
  const keyOf = (job: Job) => `${job.projectId}\u0000${job.facts.traceId}`;
  let inFlight = 0;
  let idle: (() => void)[] = [];
  let judge: { hash: string; client: Judge; settings: JudgeSettings } | undefined;
  let closed = false;
  let full = false;

  /** The judge of the policy in force (rebuilt when the policy changes). */
  function current(): { client: Judge; settings: JudgeSettings } | undefined {
    const active = policy.current();
    const settings = active.document.judge;
    if (!settings) return undefined;
    if (judge?.hash !== active.hash) judge = { hash: active.hash, settings, client: createJudge(settings, { pricing: options.pricing, ...(options.fetch ? { fetch: options.fetch } : {}) }) };
    return judge;
  }

  async function call(job: Job, active: { client: Judge }): Promise<void> {
    const { facts } = job;
    const outcome: JudgeOutcome = await active.client.judge({ context: facts.context.map((p) => p.text), answer: facts.answer?.text ?? '', question: facts.question || undefined });
    tally.sent++;
    judgeRequests.inc({ status: outcome.status });
    judgeLatency.observe(outcome.latencyMs / 1000);
    judgeTokens.inc({ direction: 'input' }, outcome.inputTokens);
    judgeTokens.inc({ direction: 'output' }, outcome.outputTokens);
    if (outcome.costUsd !== null) (judgeCost.inc(outcome.costUsd), (tally.costUsd += outcome.costUsd));
    const key = keyOf(job);
    if (outcome.status === 'judged') (tally.judged++, (tally.failuresInRow = 0), retries.recordJudged(key));
    else {
      tally.unknown++;
      tally.failuresInRow++;
      const decision = retries.recordUnknown(key, job, now());
      if (decision.kind === 'gave_up') log(`judge: gave up on trace ${facts.traceId} after ${decision.failures} attempts (${outcome.error ?? 'no verdict'})`);
    }
    const row = toRow(job.projectId, facts, judgeResult(facts.answer?.spanId ?? '', outcome), policy.current().hash, job.version, 'judge');
    await insertEvaluations(store, [row]);
    evaluationsStored.inc({ check: row.check, result: row.passed ? 'passed' : 'flagged' });
  }

  function pump(): void {
    const active = current();
    if (!active || closed) return;
    // A retry stays `due` until its outcome is recorded: `busy` keeps it from being queued twice.
    for (const retry of retries.due(now(), CONCURRENCY)) {
      if (!busy.has(retry.key)) (busy.add(retry.key), queue.push(retry.item));
    }
    while (inFlight < CONCURRENCY && queue.length > 0) {
      const job = queue.shift()!;
      inFlight++;
      call(job, active)
        .catch((error: unknown) => log(`judge: could not store a verdict (${(error as Error).message})`))
        .finally(() => {
          busy.delete(keyOf(job));
          inFlight--;
          if (inFlight === 0 && queue.length === 0) (idle.forEach((resolve) => resolve()), (idle = []));
          pump();
        });
    }
  }

  const retryTimer = setInterval(pump, 15_000);
  retryTimer.unref();

  async function recover(): Promise<number> {
    const active = current();
    if (!active) return 0;
    const owed = await readOwedJudgements(store.client, active.settings.band, now() - RECOVER_MS, MAX_QUEUE - queue.length);
    let queued = 0;
    for (const [projectId, items] of Map.groupBy(owed, (o) => o.projectId)) {
      const ids = items.map((i) => i.traceId);
      const traces = await readTraces(store.client, projectId, ids);
      const judged = await getJudgedTraces(store.client, projectId, ids);
      for (const traceId of ids) {
        const facts = extractFacts(traces.get(traceId) ?? []);
        if (!facts?.answer) continue;
        // Judge rows go under the time the guardrail's judgements are stored at.
        const job = { projectId, facts: { ...facts, startNs: judged.get(traceId)?.timeNs ?? facts.startNs }, version: now() };
        if (busy.has(keyOf(job))) continue;
        busy.add(keyOf(job));
        queue.push(job);
        queued++;
      }
    }
    if (queued > 0) log(`judge: ${queued} answers from the last day still owed a verdict; queued`);
    pump();
    return queued;
  }

  return {
    recover,
    offer(executions) {
      const active = current();
      if (!active) return;
      for (const { projectId, facts, results } of executions) {
        const offline = results.find((r) => r.check === 'hallucination' && r.label !== 'not_checkable');
        if (!offline) continue;
        tally.considered++;
        if (!shouldJudge(offline.score, active.settings.band)) continue;
        if (queue.length >= MAX_QUEUE) {
          // Once per filling, not per answer; a restart asks again for what was left out (recover).
          if (!full) log(`judge: queue full (${MAX_QUEUE} answers); further answers keep their offline verdict for now`);
          full = true;
          continue;
        }
        full = false;
        const job = { projectId, facts, version: now() };
        if (busy.has(keyOf(job))) continue;
        busy.add(keyOf(job));
        queue.push(job);
      }
      pump();
    },
    status() {
      const active = current();
      return { configured: active !== undefined, model: active?.settings.model, ...tally, queued: queue.length + inFlight, retrying: retries.size };
    },
    drain: () => (inFlight === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
    async close() {
      closed = true;
      clearInterval(retryTimer);
      if (inFlight > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
