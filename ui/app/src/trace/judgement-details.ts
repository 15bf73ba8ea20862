// A judgement's `details` arrive as an open record: read the shapes the checks write, field by
// field, so a judgement from an older or newer evaluator degrades to its explanation, never a crash.

export interface ClaimDetail {
  claim: string;
  kind: string;
  score: number;
  supported: boolean;
  passage: string;
  reasons: string[];
}
export interface HallucinationDetails {
  mode: string;
  threshold: number | null;
  answer: string;
  claims: ClaimDetail[];
  contextPassages: number | null;
}
export interface JudgeDetails {
  model: string;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  reasons: string[];
  unsupportedClaims: { claim: string; reason: string }[];
  error: string;
}
export interface PiiFinding {
  kind: string;
  start: number;
  end: number;
  masked: string;
}
export interface LoopDetails {
  violations: { label: string; observed: number; limit: number }[];
  repeatedToolCalls: { name: string; count: number; spanIds: string[] }[];
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const objects = (v: unknown): Loose[] => (Array.isArray(v) ? v.filter(isObject) : []);

export function hallucinationDetails(details: Loose): HallucinationDetails | null {
  if (typeof details.answer !== 'string' || !Array.isArray(details.claims)) return null;
  return {
    mode: str(details.mode),
    threshold: num(details.threshold),
    answer: details.answer,
    claims: objects(details.claims).map((c) => ({
      claim: str(c.claim),
      kind: str(c.kind),
      score: num(c.score) ?? 0,
      supported: c.supported === true,
      passage: str(c.passage),
      reasons: strings(c.reasons),
    })),
    contextPassages: num(details.contextPassages),
  };
}

export function judgeDetails(details: Loose): JudgeDetails | null {
  if (typeof details.model !== 'string') return null;
  return {
    model: details.model,
    latencyMs: num(details.latencyMs),
    inputTokens: num(details.inputTokens),
    outputTokens: num(details.outputTokens),
    costUsd: num(details.costUsd),
    reasons: strings(details.reasons),
    unsupportedClaims: objects(details.unsupportedClaims).map((c) => ({ claim: str(c.claim), reason: str(c.reason) })),
    error: str(details.error),
  };
}

export function piiFindings(details: Loose): PiiFinding[] {
  return objects(details.findings)
    .map((f) => ({ kind: str(f.kind), start: num(f.start) ?? -1, end: num(f.end) ?? -1, masked: str(f.masked) }))
    .filter((f) => f.kind !== '');
}

export function loopDetails(details: Loose): LoopDetails | null {
  if (!Array.isArray(details.violations) && !Array.isArray(details.repeatedToolCalls)) return null;
  return {
    violations: objects(details.violations).map((v) => ({ label: str(v.label), observed: num(v.observed) ?? 0, limit: num(v.limit) ?? 0 })),
    repeatedToolCalls: objects(details.repeatedToolCalls).map((c) => ({ name: str(c.name), count: num(c.count) ?? 0, spanIds: strings(c.spanIds) })),
  };
}

/** The numbers of any other check (cost: median, mad, ratio…) as label/value pairs, nested objects as JSON. */
export function detailFacts(details: Loose): [string, string][] {
  return Object.entries(details).map(([key, value]): [string, string] => [
    key,
    typeof value === 'number' ? String(Number(value.toPrecision(6))) : typeof value === 'string' ? value : JSON.stringify(value),
  ]);
}
