// GenAI message content carried by span events rather than attributes:
// - gen_ai.system.message / gen_ai.user.message / gen_ai.assistant.message / gen_ai.tool.message and
//   gen_ai.choice (deprecated event-based content; attributes content, role, tool_calls, message),
// - gen_ai.content.prompt / gen_ai.content.completion (older; attributes gen_ai.prompt / gen_ai.completion),
// - gen_ai.client.inference.operation.details (current; attributes gen_ai.input.messages,
//   gen_ai.output.messages, gen_ai.system_instructions).
import type { Attributes, OtlpEvent } from '../otlp/model.ts';
import { isRecord, parseJsonText, structured } from './attributes.ts';
import { contentText, message, normalizeMessage, normalizeMessages, normalizeRole, toolCallsOf, type Message } from './messages.ts';

const INPUT_EVENT_ROLES: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

export interface EventMessages {
  input?: Message[];
  output?: Message[];
  /** Attributes of a gen_ai.client.inference.operation.details event, read like span attributes. */
  details?: Attributes;
}

function dataOf(value: unknown): unknown {
  return typeof value === 'string' ? (parseJsonText(value) ?? value) : value;
}

function eventMessage(attrs: Attributes, role: string): Message {
  const body = dataOf(attrs['gen_ai.event.content']);
  const source: Record<string, unknown> = isRecord(body) ? body : attrs;
  const inner = dataOf(source['message']);
  if (isRecord(inner)) return normalizeMessage(inner, role) ?? message(role, '');
  const actualRole = normalizeRole(source['role'], role);
  // gen_ai.tool.message names the call it answers `id`.
  const callId = source['tool_call_id'] ?? (actualRole === 'tool' ? source['id'] : undefined);
  return message(actualRole, contentText(dataOf(source['content'])), toolCallsOf(dataOf(source['tool_calls'])), typeof callId === 'string' ? callId : undefined);
}

export function eventMessages(events: readonly OtlpEvent[]): EventMessages {
  const found: EventMessages = {};
  for (const event of events) {
    const name = event.name;
    if (!name.startsWith('gen_ai.')) continue;
    const role = INPUT_EVENT_ROLES[name];
    if (role !== undefined) (found.input ??= []).push(eventMessage(event.attributes, role));
    else if (name === 'gen_ai.choice') (found.output ??= []).push(eventMessage(event.attributes, 'assistant'));
    else if (name === 'gen_ai.content.prompt') found.input = promptMessages(event.attributes['gen_ai.prompt'], 'user');
    else if (name === 'gen_ai.content.completion') found.output = promptMessages(event.attributes['gen_ai.completion'], 'assistant');
    else if (name === 'gen_ai.client.inference.operation.details') found.details = event.attributes;
  }
  return found;
}

/** The deprecated gen_ai.prompt / gen_ai.completion: a JSON list of messages, or plain text. */
export function promptMessages(value: Attributes[string] | undefined, role: string): Message[] | undefined {
  const data = structured(value);
  if (data === undefined || data === '') return undefined;
  if (typeof data === 'string') return [message(role, data)];
  return normalizeMessages(data, role) ?? [message(role, contentText(data))];
}
