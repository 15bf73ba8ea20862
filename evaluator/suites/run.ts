// One suite run: promptfoo evaluates the cases against the agent, then Vigil waits for the traces
// the cases produced to settle in the running Vigil, runs its own checks on them and turns it all
// into a SuiteRun (core/suites/model.ts) to store and compare.
import type { Tracer } from '@opentelemetry/api';
import { cut, type AssertionResult, type CaseResult, type SuiteRun } from '../../core/suites/model.ts';
import type { ExecutionFacts } from '../extract.ts';
import { agentProvider, caseIdOf, textOf } from './agents.ts';
import { runVigilAssertion, type CaseEvidence } from './assertions.ts';
import { ASSERTIONS_KEY, type SuiteConfig, type VigilAssertion } from './config.ts';
import type { EvaluateResult, Promptfoo } from './promptfoo.ts';

/** How the run reads a trace from the running Vigil; undefined while it has not arrived. */
export type FetchFacts = (traceId: string) => Promise<{ spanCount: number; facts: ExecutionFacts } | undefined>;

export type Progress =
  | { phase: 'cases'; done: number; total: number }
  | { phase: 'traces'; done: number; total: number };

export interface RunOptions {
  runId: string;
  agentVersion: string;
  gitCommit: string;
  concurrency: number;
  tracer: Tracer;
  /** Flushes the suite's client spans to Vigil before the wait for traces. */
  flushSpans: () => Promise<void>;
  /** Absent when no Vigil is running: cases are then checked on what the suite saw. */
  fetchFacts?: FetchFacts;
  /** A trace is complete when its span count has not moved for this long (agents export in batches, every 5 s by default). */
  settleMs: number;
  /** Longest wait for the traces after the last case. */
  traceTimeoutMs: number;
  onProgress: (progress: Progress) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Linked {
  facts?: ExecutionFacts;
  spanCount: number;
  missing?: string;
}


/**
 * Polls Vigil until every trace has settled or the time is up. A trace with the suite's span alone
 * (the agent did not continue the context or does not export to Vigil) is reported, not waited on forever.
 */
export async function waitForTraces(traceIds: readonly string[], options: Pick<RunOptions, 'fetchFacts' | 'settleMs' | 'traceTimeoutMs' | 'onProgress' | 'now' | 'sleep'>): Promise<Map<string, Linked>> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const seconds = Math.round(options.traceTimeoutMs / 1000);
  const linked = new Map<string, Linked>();
  if (!options.fetchFacts) return linked;
  const state = new Map(traceIds.map((id) => [id, { count: -1, changedAt: now(), facts: undefined as ExecutionFacts | undefined }]));
  const deadline = now() + options.traceTimeoutMs;
  options.onProgress({ phase: 'traces', done: 0, total: traceIds.length });
  while (state.size > 0) {
    for (const [id, s] of state) {
      const read = await options.fetchFacts(id);
      const count = read?.spanCount ?? 0;
      if (count !== s.count) Object.assign(s, { count, changedAt: now(), facts: read?.facts });
      if (count >= 2 && now() - s.changedAt >= options.settleMs) {
        linked.set(id, { facts: s.facts, spanCount: count });
        state.delete(id);
      }
    }
    options.onProgress({ phase: 'traces', done: linked.size, total: traceIds.length });
    if (state.size === 0) break;
    if (now() >= deadline) {
      for (const [id, s] of state) {
        if (s.count >= 2) linked.set(id, { facts: s.facts, spanCount: s.count });
        else if (s.count === 1) linked.set(id, { spanCount: 1, missing: `the agent sent no spans of this case to Vigil within ${seconds} s (does it continue the traceparent it is given, and export to Vigil?)` });
        else linked.set(id, { spanCount: 0, missing: `the case's trace did not reach Vigil within ${seconds} s` });
      }
      break;
    }
    await sleep(Math.min(500, options.settleMs / 2));
  }
  return linked;
}

function contextOf(vars: Record<string, unknown>): string[] {
  const context = vars.context;
  if (Array.isArray(context)) return context.map(textOf).filter((t) => t !== '');
  const text = textOf(context);
  return text ? [text] : [];
}

/** Case ids stay stable and unique when a suite has several prompts or providers. */
function caseIdFor(result: EvaluateResult, many: { prompts: boolean; providers: boolean }): string {
  const base = caseIdOf(result.testCase?.description, result.vars ?? {});
  const prompt = many.prompts ? ` [prompt ${result.promptIdx + 1}]` : '';
  const provider = many.providers ? ` @ ${result.provider?.label ?? result.provider?.id ?? '?'}` : '';
  return `${base}${prompt}${provider}`;
}

export async function runSuite(config: SuiteConfig, promptfoo: Promptfoo, options: RunOptions): Promise<SuiteRun> {
  const startedAt = new Date();
  const started = performance.now();
  const identity = { suite: config.suite, runId: options.runId, agent: config.agent };
  const providers = [...(config.promptfoo.providers as unknown[])];
  for (const agent of config.agents) providers[agent.index] = agentProvider(agent, options.tracer, identity);

  const evaluation = await promptfoo.evaluate(
    { ...config.promptfoo, providers },
    {
      maxConcurrency: options.concurrency,
      cache: false,
      showProgressBar: false,
      silent: true,
      progressCallback: (done, total) => options.onProgress({ phase: 'cases', done, total }),
    },
  );
  const { results } = await evaluation.toEvaluateSummary();
  await options.flushSpans();

  const traceIdOf = (r: EvaluateResult) => textOf(r.response?.metadata?.vigilTraceId);
  const traced = results.map(traceIdOf).filter((id) => /^[0-9a-f]{32}$/.test(id));
  const linked = await waitForTraces(traced, options);

  const many = { prompts: new Set(results.map((r) => r.promptIdx)).size > 1, providers: providers.length > 1 };
  const cases: CaseResult[] = results.map((result) => {
    const vars = result.vars ?? {};
    const output = textOf(result.response?.output);
    const traceId = traceIdOf(result);
    const link = linked.get(traceId);
    const providerError = result.response?.error ?? '';
    const evidence: CaseEvidence = {
      ...(link?.facts ? { facts: link.facts } : {}),
      missingTrace: link?.missing ?? (options.fetchFacts ? undefined : 'no Vigil was running to receive the trace'),
      question: result.prompt?.raw ?? '',
      output,
      context: contextOf(vars),
      latencyMs: result.latencyMs ?? 0,
      ...(typeof result.response?.cost === 'number' ? { costUsd: result.response.cost } : typeof result.cost === 'number' && result.cost > 0 ? { costUsd: result.cost } : {}),
    };
    const vigil = [...config.defaultAssertions, ...((result.testCase?.metadata?.[ASSERTIONS_KEY] as VigilAssertion[] | undefined) ?? [])];
    const fromVigil: AssertionResult[] = providerError ? [] : vigil.map((assertion) => runVigilAssertion(assertion, evidence));
    const fromPromptfoo: AssertionResult[] = (result.gradingResult?.componentResults ?? []).map((c) => ({
      type: c.assertion?.metric ?? c.assertion?.type ?? 'assertion',
      pass: c.pass,
      score: c.score,
      reason: cut(c.reason ?? '', 10_000),
    }));
    const assertions = [...fromPromptfoo, ...fromVigil];
    const promptfooPass = result.success && !providerError;
    const pass = promptfooPass && fromVigil.every((a) => a.pass);
    const score = assertions.length === 0 ? (pass ? 1 : 0) : assertions.reduce((sum, a) => sum + a.score, 0) / assertions.length;
    return {
      caseId: caseIdFor(result, many).slice(0, 500),
      description: cut(result.testCase?.description ?? '', 2000),
      pass,
      score,
      assertions,
      latencyMs: link?.facts ? link.facts.durationMs : (result.latencyMs ?? 0),
      costUsd: link?.facts && !link.facts.costIncomplete ? link.facts.costUsd : (evidence.costUsd ?? 0),
      output: cut(output, 200_000),
      traceId: link && link.spanCount > 0 ? traceId : '',
      error: cut(providerError || (result.error && !result.gradingResult ? result.error : ''), 10_000),
      vars: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, cut(textOf(v), 50_000)])),
    };
  });
  // Case ids identify cases across runs; two tests with the same description are told apart by order.
  const seen = new Map<string, number>();
  for (const c of cases) {
    const n = (seen.get(c.caseId) ?? 0) + 1;
    seen.set(c.caseId, n);
    if (n > 1) c.caseId = `${c.caseId} #${n}`;
  }
  return {
    id: options.runId,
    suite: config.suite,
    agent: config.agent,
    agentVersion: options.agentVersion || config.agentVersion,
    gitCommit: options.gitCommit,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    cases,
  };
}
