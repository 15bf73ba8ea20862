// Messages flattened into indexed attributes: OpenLLMetry's "gen_ai.prompt.{i}.role|content|
// tool_calls.{j}.name" and OpenInference's "llm.input_messages.{i}.message.role|content|
// contents.{j}.message_content.text|tool_calls.{j}.tool_call.function.name".
import type { AttributeValue } from '../otlp/model.ts';
import { isRecord, keyedRecord, parseJsonText, str, textOf, toJsonSafe } from './attributes.ts';
import { inOrder, type Indexed } from './collect.ts';
import { contentText, message, normalizeRole, type Message, type ToolCall } from './messages.ts';

/** Content that is a JSON list of typed blocks (Anthropic via OpenLLMetry) becomes its text. */
function contentOf(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return contentText(toJsonSafe(value));
  if (value.startsWith('[{')) {
    const blocks = parseJsonText(value);
    if (Array.isArray(blocks) && blocks.every((block) => isRecord(block) && typeof block['type'] === 'string')) {
      return contentText(blocks);
    }
  }
  return value;
}

function partsOf(record: Record<string, AttributeValue>, prefix: string): Map<number, Record<string, AttributeValue>> {
  const parts = new Map<number, Record<string, AttributeValue>>();
  for (const key in record) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf('.', prefix.length);
    const index = Number(key.slice(prefix.length, dot));
    if (dot < 0 || !Number.isInteger(index)) continue;
    let rest = key.slice(dot + 1);
    if (rest.startsWith('tool_call.')) rest = rest.slice('tool_call.'.length);
    if (rest.startsWith('message_content.')) rest = rest.slice('message_content.'.length);
    if (rest.startsWith('function.')) rest = rest.slice('function.'.length);
    let part = parts.get(index);
    if (!part) parts.set(index, (part = keyedRecord()));
    part[rest] = record[key] as AttributeValue;
  }
  return parts;
}

function toolCallsOf(record: Record<string, AttributeValue>, prefix: string): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const part of inOrder(partsOf(record, `${prefix}tool_calls.`))) {
    const name = str(part['name']);
    if (name === undefined) continue;
    const args = part['arguments'];
    const call: ToolCall = { name, arguments: typeof args === 'string' ? args : textOf(args === undefined ? undefined : toJsonSafe(args)) };
    const id = str(part['id']);
    if (id !== undefined) call.id = id;
    calls.push(call);
  }
  const legacy = str(record[`${prefix}function_call.name`]);
  if (legacy !== undefined) calls.push({ name: legacy, arguments: str(record[`${prefix}function_call.arguments`]) ?? '' });
  return calls;
}

function messageOf(record: Record<string, AttributeValue>, prefix: string, fallbackRole: string): Message {
  let content = contentOf(record[`${prefix}content`]);
  if (content === '') {
    const texts: string[] = [];
    for (const part of inOrder(partsOf(record, `${prefix}contents.`))) {
      const text = str(part['text']);
      if (text !== undefined) texts.push(text);
    }
    content = texts.join('\n');
  }
  const role = normalizeRole(str(record[`${prefix}role`]), fallbackRole);
  return message(role, content, toolCallsOf(record, prefix), str(record[`${prefix}tool_call_id`]));
}

/** Messages from indexed records; `prefix` is "" (OpenLLMetry) or "message." (OpenInference). */
export function indexedMessages(indexed: Indexed, prefix: '' | 'message.', fallbackRole: string): Message[] | undefined {
  if (indexed.size === 0) return undefined;
  return inOrder(indexed).map((record) => messageOf(record, prefix, fallbackRole));
}
