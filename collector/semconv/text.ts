// Readable text from free-form input/output values (OpenInference input.value/output.value,
// traceloop.entity.input/output). Frameworks often put JSON there: a request with messages, a
// provider response, a LangChain chain's dict. Unwrap where the text is unambiguous; otherwise
// keep the raw value. The caller keeps the raw attribute whenever the text is not the raw value.
import { isRecord, parseJsonText } from './attributes.ts';
import type { Family, Sourced } from './facts.ts';
import { completionText, contentText, lastContent, normalizeMessages } from './messages.ts';

export interface Readable {
  text: string;
  /** The text is the raw value itself (or a JSON string literal of it): nothing was left out. */
  lossless: boolean;
}

const INPUT_KEYS = ['input', 'query', 'question', 'prompt', 'text', 'content', 'message', 'user_input'];
const OUTPUT_KEYS = ['output', 'answer', 'response', 'result', 'text', 'content', 'message', 'output_text', 'final_output'];

function stringAt(obj: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function fromMessages(list: unknown, side: 'input' | 'output'): string | undefined {
  const messages = normalizeMessages(list);
  if (!messages) return undefined;
  return side === 'input' ? lastContent(messages, 'user') : lastContent(messages, 'assistant');
}

/** Text from a provider response: OpenAI chat, OpenAI Responses, Anthropic Messages, LangChain generations. */
function fromResponse(obj: Record<string, unknown>): string | undefined {
  const choices = obj['choices'];
  if (Array.isArray(choices) && isRecord(choices[0])) {
    const choice = choices[0];
    const text = isRecord(choice['message']) ? contentText(choice['message']['content']) : choice['text'];
    if (typeof text === 'string' && text !== '') return text;
  }
  if (typeof obj['output_text'] === 'string' && obj['output_text'] !== '') return obj['output_text'];
  if (Array.isArray(obj['output'])) {
    const text = completionText(normalizeMessages(obj['output'], 'assistant') ?? []);
    if (text !== '') return text;
  }
  if (obj['type'] === 'message' && Array.isArray(obj['content'])) {
    const text = contentText(obj['content']);
    if (text !== '') return text;
  }
  const generations = obj['generations'];
  if (Array.isArray(generations)) {
    const first = Array.isArray(generations[0]) ? generations[0][0] : generations[0];
    if (isRecord(first) && typeof first['text'] === 'string' && first['text'] !== '') return first['text'];
  }
  return undefined;
}

/**
 * traceloop.entity.input is {"args": [...], "kwargs": {...}}: a single string argument is the input,
 * keyword arguments alone are shown as their JSON object.
 */
function fromCallArguments(obj: Record<string, unknown>): string | undefined {
  const args = obj['args'];
  const kwargs = obj['kwargs'] ?? {};
  if (!Array.isArray(args) || !isRecord(kwargs)) return undefined;
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (args.length === 1 && typeof args[0] === 'string' && !hasKwargs) return args[0];
  if (args.length === 0 && hasKwargs) return JSON.stringify(kwargs);
  return undefined;
}

/** LangChain's serialized message ({lc: 1, id: [..., 'ToolMessage'], kwargs: {content}}): its content. */
function fromLangChain(obj: unknown): string | undefined {
  if (!isRecord(obj) || obj['lc'] !== 1 || !Array.isArray(obj['id']) || !isRecord(obj['kwargs'])) return undefined;
  const text = contentText(obj['kwargs']['content']);
  return text === '' ? undefined : text;
}

function unwrap(data: unknown, side: 'input' | 'output'): string | undefined {
  if (Array.isArray(data)) return fromMessages(data, side);
  if (!isRecord(data)) return undefined;
  // A LangChain tool's output is its ToolMessage, serialized, alone or as {output: message}.
  const serialized = fromLangChain(data) ?? fromLangChain(data['output']);
  if (serialized !== undefined) return serialized;
  if (Array.isArray(data['messages'])) {
    const text = fromMessages(data['messages'], side);
    if (text !== undefined) return text;
  }
  if (side === 'output') {
    const text = fromResponse(data);
    if (text !== undefined) return text;
  } else {
    const text = fromCallArguments(data);
    if (text !== undefined) return text;
  }
  return stringAt(data, side === 'input' ? INPUT_KEYS : OUTPUT_KEYS);
}

/** Readable text for a raw input or output value; `mimeType` "text/plain" means it is text already. */
export function readable(raw: string, side: 'input' | 'output', mimeType?: string): Readable {
  if (mimeType === 'text/plain') return { text: raw, lossless: true };
  const data = parseJsonText(raw);
  if (data === undefined) return { text: raw, lossless: true };
  if (typeof data === 'string') return { text: data, lossless: true };
  const text = unwrap(data, side);
  return text === undefined ? { text: raw, lossless: true } : { text, lossless: false };
}

/** Readable text for an optional raw value, marked as representing `family` only when lossless. */
export function readableText(raw: string | undefined, side: 'input' | 'output', family: Family, mimeType?: string): Sourced<string> | undefined {
  if (raw === undefined) return undefined;
  const { text, lossless } = readable(raw, side, mimeType);
  return lossless ? { value: text, from: family } : { value: text };
}
