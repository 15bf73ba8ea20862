// Chat messages in the one shape Vigil stores ({role, content, tool_calls?}), read from the shapes
// instrumentations emit: OTel GenAI parts, OpenAI chat, Anthropic content blocks, Gemini parts,
// Vercel AI SDK content parts and LangChain message objects.
import { isRecord, textOf } from './attributes.ts';

export interface ToolCall {
  id?: string;
  name: string;
  /** The arguments as JSON text (as the model produced them). */
  arguments: string;
}

export interface Message {
  role: string;
  content: string;
  tool_calls?: ToolCall[];
  /** On a tool result: the id of the call it answers, so the two can be matched. */
  tool_call_id?: string;
}

const ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  ai: 'assistant',
  assistant: 'assistant',
  model: 'assistant',
  system: 'system',
  developer: 'system',
  tool: 'tool',
  function: 'tool',
  humanmessage: 'user',
  aimessage: 'assistant',
  systemmessage: 'system',
  toolmessage: 'tool',
};

export function normalizeRole(role: unknown, fallback = 'user'): string {
  if (typeof role !== 'string' || role === '') return fallback;
  const lower = role.toLowerCase();
  return ROLES[lower] ?? lower;
}

const TEXT_PARTS = new Set(['text', 'input_text', 'output_text']);
const TOOL_CALL_PARTS = new Set(['tool_call', 'tool-call', 'tool_use', 'function_call']);
const TOOL_RESULT_PARTS = new Set(['tool_call_response', 'tool-result', 'tool_result', 'function_call_output']);

function partText(part: unknown): string | undefined {
  if (typeof part === 'string') return part;
  if (!isRecord(part)) return undefined;
  const type = part['type'];
  if (type === undefined || TEXT_PARTS.has(type as string)) {
    const text = part['text'] ?? part['content'];
    return typeof text === 'string' ? text : undefined;
  }
  if (TOOL_RESULT_PARTS.has(type as string)) {
    const result = part['response'] ?? part['result'] ?? part['output'] ?? part['content'];
    return result === undefined ? undefined : contentText(toolOutput(result));
  }
  return undefined; // images, files, reasoning and tool calls are not text
}

const TOOL_OUTPUT_TYPES = new Set(['text', 'json', 'error-text', 'error-json', 'content']);

/**
 * The AI SDK wraps a tool's result as {type: 'json' | 'text' | 'error-text' | 'error-json' |
 * 'content', value}: the result is the value (JSON as its text).
 */
function toolOutput(result: unknown): unknown {
  if (!isRecord(result) || !TOOL_OUTPUT_TYPES.has(result['type'] as string) || !('value' in result)) return result;
  const value = result['value'];
  if (result['type'] === 'content') return value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The text of message content: a string, a list of parts, or an object with text. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      const text = partText(part);
      if (text !== undefined && text !== '') texts.push(text);
    }
    return texts.join('\n');
  }
  if (isRecord(content)) return partText(content) ?? textOf(content);
  return content === undefined || content === null ? '' : textOf(content);
}

function argumentsText(args: unknown): string {
  return args === undefined ? '' : textOf(args);
}

function toolCallOf(value: unknown): ToolCall | undefined {
  if (!isRecord(value)) return undefined;
  const fn = isRecord(value['function']) ? value['function'] : value;
  const name = fn['name'] ?? value['toolName'];
  if (typeof name !== 'string') return undefined;
  const id = value['id'] ?? value['toolCallId'] ?? value['call_id'];
  const call: ToolCall = { name, arguments: argumentsText(fn['arguments'] ?? value['args'] ?? value['input']) };
  if (typeof id === 'string') call.id = id;
  return call;
}

export function toolCallsOf(list: unknown): ToolCall[] {
  const calls: ToolCall[] = [];
  if (!Array.isArray(list)) return calls;
  for (const item of list) {
    const call = toolCallOf(item);
    if (call) calls.push(call);
  }
  return calls;
}

function toolCallsInParts(parts: unknown): ToolCall[] {
  if (!Array.isArray(parts)) return [];
  return toolCallsOf(parts.filter((part) => isRecord(part) && TOOL_CALL_PARTS.has(part['type'] as string)));
}

export function message(role: string, content: string, toolCalls: ToolCall[] = [], toolCallId?: string): Message {
  const msg: Message = toolCalls.length > 0 ? { role, content, tool_calls: toolCalls } : { role, content };
  if (toolCallId !== undefined && toolCallId !== '') msg.tool_call_id = toolCallId;
  return msg;
}

/**
 * The call a tool result answers: the message's own `tool_call_id` (OpenAI, LangChain), else the id
 * on its first tool-result part (`toolCallId` in the AI SDK, `tool_use_id` in Anthropic, `id` in
 * OTel GenAI parts, `call_id` in OpenAI Responses).
 */
function toolCallIdOf(obj: Record<string, unknown>, body: unknown): string | undefined {
  const own = obj['tool_call_id'] ?? obj['toolCallId'];
  if (typeof own === 'string') return own;
  if (!Array.isArray(body)) return undefined;
  for (const part of body) {
    if (!isRecord(part) || !TOOL_RESULT_PARTS.has(part['type'] as string)) continue;
    const id = part['toolCallId'] ?? part['tool_use_id'] ?? part['tool_call_id'] ?? part['call_id'] ?? part['id'];
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** One message from any known shape; undefined when the value is not message-like. */
export function normalizeMessage(value: unknown, fallbackRole = 'user'): Message | undefined {
  if (!isRecord(value)) return undefined;
  let obj = value;
  let role: unknown = obj['role'] ?? obj['type'];
  // LangChain serialized form: {lc: 1, type: "constructor", id: [..., "AIMessage"], kwargs: {...}}
  if (obj['lc'] !== undefined && isRecord(obj['kwargs'])) {
    const id = obj['id'];
    role = Array.isArray(id) ? id[id.length - 1] : obj['kwargs']['type'];
    obj = obj['kwargs'];
  }
  const body = obj['content'] ?? obj['parts'] ?? obj['text'];
  if (body === undefined && obj['tool_calls'] === undefined && role === undefined) return undefined;
  const toolCalls = [...toolCallsOf(obj['tool_calls']), ...toolCallsInParts(body)];
  return message(normalizeRole(role, fallbackRole), contentText(body), toolCalls, toolCallIdOf(obj, body));
}

/** A list of messages, or undefined when `value` is not a non-empty list of message-like objects. */
export function normalizeMessages(value: unknown, fallbackRole = 'user'): Message[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const messages: Message[] = [];
  for (const item of value) {
    const msg = normalizeMessage(item, fallbackRole);
    if (msg) messages.push(msg);
  }
  return messages.length > 0 ? messages : undefined;
}

function renderLine(msg: Message): string {
  if (msg.content !== '' || !msg.tool_calls) return `${msg.role}: ${msg.content}`;
  return `${msg.role}: ${msg.tool_calls.map((call) => `${call.name}(${call.arguments})`).join(', ')}`;
}

/** The prompt as readable "role: content" lines. */
export function renderMessages(messages: readonly Message[]): string {
  return messages.map(renderLine).join('\n');
}

/** Content of the last message with `role` that has content, or undefined. */
export function lastContent(messages: readonly Message[], role: string): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const msg = messages[i];
    if (msg && msg.role === role && msg.content !== '') return msg.content;
  }
  return undefined;
}

/** The completion text: the assistant messages' content, or the tool calls when there is none. */
export function completionText(messages: readonly Message[]): string {
  const texts: string[] = [];
  for (const msg of messages) if (msg.role !== 'tool' && msg.content !== '') texts.push(msg.content);
  if (texts.length > 0) return texts.join('\n');
  for (const msg of messages) if (msg.tool_calls) texts.push(renderLine(msg).slice(msg.role.length + 2));
  return texts.join('\n');
}
