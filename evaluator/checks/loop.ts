// Agent loops and runaways within one execution: the same tool called again and again with the
// same arguments (the agent is not learning from the result), or a step, token or cost budget blown.
import { formatUsd } from './cost.ts';
import type { CheckResult } from './result.ts';

export interface ToolCallStep {
  readonly spanId: string;
  readonly name: string;
  /** The arguments as recorded on the span, usually JSON. */
  readonly arguments: string;
}

export interface ExecutionSteps {
  /** In start order. */
  readonly toolCalls: readonly ToolCallStep[];
  readonly llmCalls: number;
  readonly spans: number;
  readonly tokens: number;
  readonly costUsd: number;
}

export interface LoopLimits {
  /** Flag a tool called with the same arguments more than this many times. */
  readonly maxRepeatedToolCalls: number;
  /** Tool calls plus LLM calls. */
  readonly maxSteps?: number;
  readonly maxTokens?: number;
  readonly maxCostUsd?: number;
}

/** Retrying once or twice is normal; a fourth identical call is not. Budgets depend on the agent, so none by default. */
export const DEFAULT_LOOP_LIMITS: LoopLimits = { maxRepeatedToolCalls: 3 };

/** JSON with keys sorted, so `{"a":1, "b":2}` and `{"b":2,"a":1}` are the same call. */
function canonicalArguments(raw: string): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
  };
  try {
    return JSON.stringify(sortKeys(JSON.parse(raw)));
  } catch {
    return raw.trim();
  }
}

interface CallGroup {
  readonly name: string;
  /** Spans of the identical calls, in start order. */
  readonly spanIds: string[];
}

/** Identical calls grouped, in the order each group went over the limit (groups under it last). */
function groupCalls(toolCalls: readonly ToolCallStep[], limit: number): CallGroup[] {
  const groups = new Map<string, CallGroup>();
  const overLimit: CallGroup[] = [];
  for (const call of toolCalls) {
    const key = `${call.name}\u0000${canonicalArguments(call.arguments)}`;
    const group = groups.get(key) ?? { name: call.name, spanIds: [] };
    groups.set(key, group);
    group.spanIds.push(call.spanId);
    if (group.spanIds.length === limit + 1) overLimit.push(group);
  }
  return [...overLimit, ...[...groups.values()].filter((group) => !overLimit.includes(group))];
}

interface Measure {
  readonly label: 'repeated_tool_call' | 'too_many_steps' | 'too_many_tokens' | 'too_expensive';
  readonly observed: number;
  readonly limit: number | undefined;
  readonly sentence: string;
}

const count = (n: number): string => n.toLocaleString('en-US');
// A zero limit would divide by zero; against it each unit counts as one full limit.
const ratio = ({ observed, limit = Infinity }: Measure): number => (limit > 0 ? observed / limit : observed);
const exceeded = (measure: Measure): boolean => measure.limit !== undefined && measure.observed > measure.limit;

export function checkLoop(steps: ExecutionSteps, limits: LoopLimits = DEFAULT_LOOP_LIMITS): CheckResult {
  const { maxRepeatedToolCalls, maxSteps, maxTokens, maxCostUsd } = limits;
  const groups = groupCalls(steps.toolCalls, maxRepeatedToolCalls);
  const repeated = groups.filter((group) => group.spanIds.length > maxRepeatedToolCalls);
  const first = groups[0];
  const stepCount = steps.toolCalls.length + steps.llmCalls;
  const others = repeated.length > 1 ? ` (and ${repeated.length - 1} other repeated call${repeated.length > 2 ? 's' : ''})` : '';

  // In order of severity. A budget left unset measures 0 against it (limit Infinity) and never flags.
  const measures: Measure[] = [
    {
      label: 'repeated_tool_call',
      observed: Math.max(0, ...groups.map((group) => group.spanIds.length)),
      limit: maxRepeatedToolCalls,
      sentence: `Tool ${first?.name} was called ${first?.spanIds.length} times with the same arguments (limit ${maxRepeatedToolCalls})${others}.`,
    },
    {
      label: 'too_many_steps',
      observed: stepCount,
      limit: maxSteps,
      sentence:
        `The execution took ${count(stepCount)} steps: ${count(steps.toolCalls.length)} tool calls and ` +
        `${count(steps.llmCalls)} LLM calls (limit ${count(maxSteps ?? 0)}).`,
    },
    {
      label: 'too_many_tokens',
      observed: steps.tokens,
      limit: maxTokens,
      sentence: `The execution used ${count(steps.tokens)} tokens (limit ${count(maxTokens ?? 0)}).`,
    },
    {
      label: 'too_expensive',
      observed: steps.costUsd,
      limit: maxCostUsd,
      sentence: `The execution cost ${formatUsd(steps.costUsd)} (limit ${formatUsd(maxCostUsd ?? 0)}).`,
    },
  ];
  const violations = measures.filter(exceeded);
  const details = {
    violations: violations.map(({ label, observed, limit }) => ({ label, observed, limit })),
    // Names and span ids only: arguments can carry the user's personal data.
    repeatedToolCalls: repeated.map(({ name, spanIds }) => ({ name, count: spanIds.length, spanIds })),
    steps: stepCount,
    spans: steps.spans,
    tokens: steps.tokens,
    costUsd: steps.costUsd,
  };
  const score = Math.max(0, ...measures.map(ratio));
  const [primary, ...also] = violations;
  if (primary === undefined) {
    const explanation =
      `No loop: no tool was called more than ${maxRepeatedToolCalls} times with the same arguments, within ` +
      `${count(stepCount)} steps, ${count(steps.tokens)} tokens and ${formatUsd(steps.costUsd)}.`;
    return { check: 'loop', spanId: '', score, label: 'ok', passed: true, explanation, details };
  }
  const alsoSentence = also.length === 0 ? '' : ` Also over the limit: ${also.map((v) => v.label.replaceAll('_', ' ')).join(', ')}.`;
  return {
    check: 'loop',
    spanId: primary.label === 'repeated_tool_call' ? (first?.spanIds[maxRepeatedToolCalls] ?? '') : '',
    score,
    label: primary.label,
    passed: false,
    explanation: primary.sentence + alsoSentence,
    details,
  };
}
