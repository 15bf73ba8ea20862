// Vigil's checks as suite assertions: the same functions the evaluator runs on production traffic,
// on the execution a test case produced. When the agent sent its trace to Vigil, the checks read it
// (retrieved documents, tool calls, tokens, cost, duration), as online; otherwise they read what the
// suite itself saw (the output, the `context` variable, the provider's latency and cost). An
// assertion that cannot be checked fails and says why: a suite that asked for a check must not
// pass because the evidence was missing.
import { formatUsd } from '../checks/cost.ts';
import { checkHallucination } from '../checks/hallucination.ts';
import { checkLoop, DEFAULT_LOOP_LIMITS } from '../checks/loop.ts';
import { checkPii } from '../checks/pii.ts';
import type { ExecutionFacts, Passage } from '../extract.ts';
import type { AssertionResult } from '../../core/suites/model.ts';
import type { VigilAssertion } from './config.ts';

export interface CaseEvidence {
  /** The execution as Vigil stored it, when the case's trace arrived with the agent's spans. */
  facts?: ExecutionFacts;
  /** Why there are no facts, in a sentence (shown when a check needs them). */
  missingTrace?: string;
  question: string;
  output: string;
  /** The `context` variable of the test: passages the answer should rest on. */
  context: string[];
  latencyMs: number;
  /** What the provider reported, when it did. */
  costUsd?: number;
}

/** Facts for a case with no trace: the suite's own view of the request and answer. */
function factsFromCase(evidence: CaseEvidence): ExecutionFacts {
  const context: Passage[] = evidence.context.map((text, i) => ({ spanId: `context-${i}`, kind: 'document', text }));
  if (evidence.question) context.push({ spanId: 'request', kind: 'request', text: evidence.question });
  return {
    traceId: '',
    agent: '',
    startNs: '0',
    durationMs: evidence.latencyMs,
    question: evidence.question,
    ...(evidence.output ? { answer: { spanId: 'output', text: evidence.output } } : {}),
    context,
    toolCalls: [],
    llmCalls: 0,
    spans: 0,
    tokens: 0,
    costUsd: evidence.costUsd ?? 0,
    costIncomplete: evidence.costUsd === undefined,
    failed: false,
  };
}

const uncheckable = (type: string, reason: string): AssertionResult => ({ type, pass: false, score: 0, reason: `Not checked: ${reason}` });

export function runVigilAssertion(assertion: VigilAssertion, evidence: CaseEvidence): AssertionResult {
  const { type } = assertion;
  const traced = evidence.facts;
  const noTrace = evidence.missingTrace ?? 'no trace of this case reached Vigil';
  switch (type) {
    case 'vigil:groundedness': {
      // The trace's context when the agent sent it, else the test's `context` variable.
      const facts = traced && traced.context.some((p) => p.kind !== 'request') ? traced : factsFromCase(evidence);
      const result = checkHallucination(facts, { mode: assertion.config?.mode ?? 'facts', ...(assertion.threshold === undefined ? {} : { threshold: assertion.threshold }) });
      if (result.label === 'not_checkable') return uncheckable(type, `${result.explanation.replace(/^Not checkable: /, '')} Give the test a \`context\` variable, or let the agent send its retrievals and tool results to Vigil.`);
      return { type, pass: result.passed, score: result.score, reason: result.explanation };
    }
    case 'vigil:pii': {
      const text = traced?.answer?.text ?? evidence.output;
      if (!text) return uncheckable(type, 'the case produced no output.');
      const result = checkPii(traced?.answer?.spanId ?? 'output', text, assertion.config?.kinds ? { kinds: assertion.config.kinds } : {});
      return { type, pass: result.passed, score: result.passed ? 1 : 0, reason: result.explanation };
    }
    case 'vigil:latency': {
      const ms = traced ? traced.durationMs : evidence.latencyMs;
      const source = traced ? 'the execution (its trace)' : 'the call';
      const pass = ms <= assertion.threshold;
      return { type, pass, score: pass ? 1 : 0, reason: `${source} took ${Math.round(ms)} ms; the budget is ${assertion.threshold} ms.` };
    }
    case 'vigil:cost': {
      const facts = traced ?? factsFromCase(evidence);
      if (facts.costIncomplete) {
        return uncheckable(type, traced ? 'the trace used a model with no known price, so its cost is unknown.' : `${noTrace}, and the provider reported no cost.`);
      }
      const pass = facts.costUsd <= assertion.threshold;
      return { type, pass, score: pass ? 1 : 0, reason: `${traced ? 'the execution' : 'the call'} cost ${formatUsd(facts.costUsd)}; the budget is ${formatUsd(assertion.threshold)}.` };
    }
    case 'vigil:loop': {
      if (!traced) return uncheckable(type, `${noTrace}; the loop check reads the tool calls and steps of the trace.`);
      const result = checkLoop(traced, { ...DEFAULT_LOOP_LIMITS, ...assertion.config });
      return { type, pass: result.passed, score: result.passed ? 1 : 0, reason: result.explanation };
    }
  }
}
