// The single pass over a span's attributes: stringifies every ordinary attribute for the
// `attributes` column, sets the bulky ones (message and text content) aside by family, and
// gathers indexed attributes ("gen_ai.prompt.0.role", "llm.input_messages.1.message.content",
// "retrieval.documents.2.document.content") into records per index. Prefix checks only, no regex.
import type { AttributeValue, Attributes } from '../otlp/model.ts';
import { setAttribute } from '../otlp/attributes.ts';
import { keyedRecord, stringifyValue } from './attributes.ts';
import type { Family } from './facts.ts';

/** Records by index: for "llm.input_messages.0.message.role", index 0 holds {"message.role": …}. */
export type Indexed = Map<number, Record<string, AttributeValue>>;

/** Which conventions have attributes on the span, so readers of absent conventions can be skipped. */
export const SEEN_GENAI = 1;
export const SEEN_OPENINFERENCE = 2;
export const SEEN_VERCEL = 4;
export const SEEN_TRACELOOP = 8;
export const SEEN_VIGIL = 16;

export interface Collected {
  /** Bit set of SEEN_* flags. */
  seen: number;
  /** Ordinary attributes, stringified (written with setAttribute). Bulky ones are added back by `keepUnconsumed`. */
  attributes: Record<string, string>;
  bulky: { key: string; family: Family }[];
  genaiPrompt: Indexed;
  genaiCompletion: Indexed;
  oiInputMessages: Indexed;
  oiOutputMessages: Indexed;
  oiDocuments: Indexed;
}

const BULKY: ReadonlyMap<string, Family> = new Map<string, Family>([
  ['gen_ai.input.messages', 'genai.in'],
  ['gen_ai.system_instructions', 'genai.in'],
  ['gen_ai.prompt', 'genai.prompt'],
  ['gen_ai.output.messages', 'genai.out'],
  ['gen_ai.completion', 'genai.completion'],
  ['gen_ai.tool.call.arguments', 'genai.tool_in'],
  ['gen_ai.tool.call.result', 'genai.tool_out'],
  ['input.value', 'oi.input'],
  ['output.value', 'oi.output'],
  ['ai.prompt', 'ai.prompt'],
  ['ai.prompt.messages', 'ai.prompt'],
  ['ai.response.text', 'ai.response'],
  ['ai.response.toolCalls', 'ai.response'],
  ['ai.response.object', 'ai.response'],
  ['ai.toolCall.args', 'ai.tool_in'],
  ['ai.toolCall.input', 'ai.tool_in'],
  ['ai.toolCall.result', 'ai.tool_out'],
  ['ai.toolCall.output', 'ai.tool_out'],
  ['ai.value', 'ai.value'],
  ['ai.values', 'ai.value'],
  ['traceloop.entity.input', 'tl.input'],
  ['traceloop.entity.output', 'tl.output'],
]);

type IndexedField = 'genaiPrompt' | 'genaiCompletion' | 'oiInputMessages' | 'oiOutputMessages' | 'oiDocuments';

/**
 * Stands for "no records" in every field of every span without indexed attributes of that kind
 * (most spans): `addIndexed` replaces it before writing, so it stays empty. Five maps per span, made
 * whether needed or not, cost ~0.1 µs a span (measured).
 */
const NO_RECORDS: Indexed = new Map();

/** Indices above this are not treated as list positions (guards against absurd sparse maps). */
const MAX_INDEX = 100_000;

/**
 * Parses "<digits>.<rest>" at `from`; stores value under rest. Returns false when the key has no
 * index there, in which case it is an ordinary attribute.
 */
function addIndexed(out: Collected, field: IndexedField, key: string, from: number, value: AttributeValue): boolean {
  let index = 0;
  let i = from;
  for (; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code < 48 || code > 57) break;
    index = index * 10 + (code - 48);
  }
  if (i === from || key.charCodeAt(i) !== 46 /* . */ || i + 1 >= key.length || index > MAX_INDEX) return false;
  let records = out[field];
  if (records === NO_RECORDS) out[field] = records = new Map();
  let record = records.get(index);
  if (!record) records.set(index, (record = keyedRecord()));
  record[key.slice(i + 1)] = value;
  return true;
}

const GENAI_PROMPT = 'gen_ai.prompt.';
const GENAI_COMPLETION = 'gen_ai.completion.';
const OI_INPUT = 'llm.input_messages.';
const OI_OUTPUT = 'llm.output_messages.';
const OI_DOCUMENTS = 'retrieval.documents.';

/** The SEEN_* flag of the convention an attribute key belongs to, by its first character and prefix. */
function conventionOf(key: string, first: number): number {
  switch (first) {
    case 103 /* g */:
      return key.startsWith('gen_ai.') ? SEEN_GENAI : 0;
    case 108 /* l */: // llm.* is OpenInference, but OpenLLMetry also sets llm.request.type
      return key.startsWith('llm.') ? SEEN_OPENINFERENCE | SEEN_TRACELOOP : 0;
    case 111 /* o */:
      if (key.startsWith('openinference.') || key.startsWith('output.')) return SEEN_OPENINFERENCE;
      return key === 'operation.name' ? SEEN_VERCEL : 0;
    case 105 /* i */:
      return key.startsWith('input.') ? SEEN_OPENINFERENCE : 0;
    case 114 /* r */:
      return key.startsWith('retrieval.') ? SEEN_OPENINFERENCE : 0;
    case 115 /* s */:
      return key === 'session.id' ? SEEN_OPENINFERENCE : 0;
    case 117 /* u */:
      return key === 'user.id' ? SEEN_OPENINFERENCE : 0;
    case 116 /* t */:
      if (key.startsWith('traceloop.')) return SEEN_TRACELOOP;
      return key.startsWith('tool.') || key.startsWith('tool_call.') ? SEEN_OPENINFERENCE : 0;
    case 97 /* a */:
      if (key.startsWith('ai.')) return SEEN_VERCEL;
      return key === 'agent.name' ? SEEN_OPENINFERENCE : 0;
    case 101 /* e */:
      return key.startsWith('embedding.') ? SEEN_OPENINFERENCE : 0;
    case 118 /* v */:
      return key.startsWith('vigil.') ? SEEN_VIGIL : 0;
    default:
      return 0;
  }
}

/** Files an indexed content attribute into its records; its family, or undefined when it is not one. */
function indexedInto(out: Collected, key: string, first: number, value: AttributeValue): Family | undefined {
  if (first === 103 /* g */) {
    if (key.startsWith(GENAI_PROMPT) && addIndexed(out, 'genaiPrompt', key, GENAI_PROMPT.length, value)) return 'genai.prompt';
    if (key.startsWith(GENAI_COMPLETION) && addIndexed(out, 'genaiCompletion', key, GENAI_COMPLETION.length, value)) return 'genai.completion';
  } else if (first === 108 /* l */) {
    if (key.startsWith(OI_INPUT) && addIndexed(out, 'oiInputMessages', key, OI_INPUT.length, value)) return 'oi.in_msgs';
    if (key.startsWith(OI_OUTPUT) && addIndexed(out, 'oiOutputMessages', key, OI_OUTPUT.length, value)) return 'oi.out_msgs';
  } else if (first === 114 /* r */ && key.startsWith(OI_DOCUMENTS)) {
    // Only the document text is bulky; ids, scores and metadata stay ordinary attributes.
    if (key.endsWith('.document.content') && addIndexed(out, 'oiDocuments', key, OI_DOCUMENTS.length, value)) return 'oi.docs';
  }
  return undefined;
}

export function collect(attrs: Attributes): Collected {
  const out: Collected = {
    seen: 0,
    attributes: {},
    bulky: [],
    genaiPrompt: NO_RECORDS,
    genaiCompletion: NO_RECORDS,
    oiInputMessages: NO_RECORDS,
    oiOutputMessages: NO_RECORDS,
    oiDocuments: NO_RECORDS,
  };
  for (const key in attrs) {
    const value = attrs[key] as AttributeValue;
    const family = BULKY.get(key);
    if (family) {
      out.seen |= conventionOf(key, key.charCodeAt(0));
      out.bulky.push({ key, family });
      continue;
    }
    const first = key.charCodeAt(0);
    out.seen |= conventionOf(key, first);
    const indexedFamily = indexedInto(out, key, first, value);
    if (indexedFamily) {
      out.bulky.push({ key, family: indexedFamily });
      continue;
    }
    setAttribute(out.attributes, key, stringifyValue(value));
  }
  return out;
}

/** Puts back every bulky attribute whose family's content did not make it into a column. */
export function keepUnconsumed(collected: Collected, attrs: Attributes, consumed: readonly (Family | undefined)[]): void {
  for (const { key, family } of collected.bulky) {
    if (!consumed.includes(family)) setAttribute(collected.attributes, key, stringifyValue(attrs[key] as AttributeValue));
  }
}

/** Records of an Indexed in index order. */
export function inOrder(indexed: Indexed): Record<string, AttributeValue>[] {
  if (indexed.size === 0) return [];
  return [...indexed.keys()].sort((a, b) => a - b).map((index) => indexed.get(index) as Record<string, AttributeValue>);
}
