// The support conversation every library runs through the scripted server, and what Vigil must
// store for it: the prompt, a tool call, its result sent back, the answer, and a streamed reply,
// each chat call with its usage priced at gpt-4o-mini's rates.
import { expect } from 'vitest';
import type { Execution } from '../../core/executions/repository.ts';
import type { StoredSpan } from '../../core/spans/repository.ts';
import type { FakeLlmReply, FakeLlmRequest } from '../helpers/fake-llm.ts';

/** A message as Vigil stores it in input_messages / output_messages. */
export interface StoredMessage {
  role: string;
  content: string;
  tool_calls?: { id?: string; name: string; arguments: string }[];
  tool_call_id?: string;
}

export const inputMessages = (span: StoredSpan): StoredMessage[] => (span.input_messages ? JSON.parse(span.input_messages) : []);
export const outputMessages = (span: StoredSpan): StoredMessage[] => (span.output_messages ? JSON.parse(span.output_messages) : []);

export const LLM_KEY = 'sk-conformance-0123456789abcdef';
export const MODEL = 'gpt-4o-mini';
/** The snapshot the server says answered: Vigil stores the response model. */
export const RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';

export const TOOL = { name: 'lookup_order', callId: 'call_order_A1', arguments: { orderId: 'A-1' } } as const;
export const TOOL_RESULT = { orderId: 'A-1', deliveredDaysAgo: 20 } as const;
/** The tool call as Vigil stores it on the assistant message. */
export const TOOL_CALL = { id: TOOL.callId, name: TOOL.name, arguments: JSON.stringify(TOOL.arguments) };
export const SYSTEM = 'You answer refund questions.';
export const QUESTION = 'Can I still return order A-1?';
export const ANSWER = 'Order A-1 was delivered 20 days ago, outside the 14-day refund window.';
export const STREAM_QUESTION = 'What is the refund policy?';
export const STREAMED_ANSWER = 'Refunds are accepted within 14 days of delivery; shipping is not refunded.';

export const USAGE = {
  toolCall: { prompt_tokens: 120, completion_tokens: 20 },
  answer: { prompt_tokens: 180, completion_tokens: 30 },
  stream: { prompt_tokens: 40, completion_tokens: 16 },
} as const;

/** gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens. */
export const costOf = (usage: { prompt_tokens: number; completion_tokens: number }): number =>
  (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.6) / 1e6;

/** The server's side: a tool call first, the answer once the tool result is in, text when streamed. */
export function supportScript(request: FakeLlmRequest): FakeLlmReply {
  const body = request.body!;
  if (body.stream === true) return { content: STREAMED_ANSWER, usage: USAGE.stream, model: RESPONSE_MODEL };
  const answered = (body.messages ?? []).some((m) => m.role === 'tool');
  if (!answered) {
    return { toolCalls: [{ id: TOOL.callId, name: TOOL.name, arguments: JSON.stringify(TOOL.arguments) }], usage: USAGE.toolCall, model: RESPONSE_MODEL };
  }
  return { content: ANSWER, usage: USAGE.answer, model: RESPONSE_MODEL };
}

/** The two chat calls, in order: `common` facts on both, then each one's tokens and priced cost. */
export function expectChatCalls(calls: readonly StoredSpan[], common: Partial<StoredSpan>): void {
  expect(calls).toHaveLength(2);
  for (const call of calls) expect(call).toMatchObject({ operation: 'chat', cost_status: 'priced', ...common });
  const [first, second] = calls as [StoredSpan, StoredSpan];
  expect(first).toMatchObject({ input_tokens: USAGE.toolCall.prompt_tokens, output_tokens: USAGE.toolCall.completion_tokens });
  expect(first.cost_usd).toBeCloseTo(costOf(USAGE.toolCall), 12);
  expect(second).toMatchObject({ input_tokens: USAGE.answer.prompt_tokens, output_tokens: USAGE.answer.completion_tokens });
  expect(second.cost_usd).toBeCloseTo(costOf(USAGE.answer), 12);
}

/**
 * The messages of the two calls: the prompt, the assistant's tool call (as `toolCall`: with its id
 * unless the library sends none), the same turns sent back with the tool result, and the answer.
 */
export function expectConversationMessages(calls: readonly StoredSpan[], toolCall: { id?: string; name: string; arguments: string } = TOOL_CALL): void {
  const [first, second] = calls as [StoredSpan, StoredSpan];
  const prompt = [{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }];
  const toolTurn = { role: 'assistant', content: '', tool_calls: [toolCall] };
  expect(inputMessages(first)).toEqual(prompt);
  expect(outputMessages(first)).toEqual([toolTurn]);
  expect(inputMessages(second).slice(0, 3)).toEqual([...prompt, toolTurn]);
  expect(inputMessages(second)[3]).toMatchObject({ role: 'tool' });
  expect(outputMessages(second)).toEqual([{ role: 'assistant', content: ANSWER }]);
  expect(second.output_text).toBe(ANSWER);
}

/** The tool result sent back in the second call: a tool message tied to its call, holding the result. */
export function expectToolResultMessage(calls: readonly StoredSpan[]): void {
  const toolTurn = inputMessages(calls[1]!)[3];
  expect(toolTurn).toMatchObject({ role: 'tool', tool_call_id: TOOL.callId });
  expect(JSON.parse(toolTurn!.content)).toEqual(TOOL_RESULT);
}

/** The execution's totals: two priced calls of `model` and one tool call, nothing unpriced. */
export function expectConversationExecution(execution: Execution, model = RESPONSE_MODEL): void {
  expect(execution).toMatchObject({ llmCalls: 2, toolCalls: 1, errorCount: 0, unpricedSpans: 0, inputTokens: 300, outputTokens: 50 });
  expect(execution.models).toContain(model);
  expect(execution.costUsd).toBeCloseTo(costOf(USAGE.toolCall) + costOf(USAGE.answer), 12);
}

/** A streamed call whose usage never reached Vigil: no tokens, marked unknown up to its execution. */
export function expectUsageUnknown(call: StoredSpan, execution: Execution): void {
  expect(call).toMatchObject({ input_tokens: 0, output_tokens: 0, cost_usd: 0, cost_status: 'usage_unknown' });
  expect(execution).toMatchObject({ llmCalls: 1, unpricedSpans: 1 });
}

/** A streamed call whose usage did reach Vigil, with its prompt and the streamed text. */
export function expectStreamedCall(call: StoredSpan, common: Partial<StoredSpan>): void {
  expect(call).toMatchObject({ span_type: 'llm', cost_status: 'priced', input_tokens: USAGE.stream.prompt_tokens, output_tokens: USAGE.stream.completion_tokens, ...common });
  expect(call.cost_usd).toBeCloseTo(costOf(USAGE.stream), 12);
  expect(inputMessages(call)).toEqual([{ role: 'user', content: STREAM_QUESTION }]);
  expect(outputMessages(call)).toEqual([{ role: 'assistant', content: STREAMED_ANSWER }]);
}
