// The support conversation as an agent written against the official `openai` client runs it: the
// instrumentations under test (OpenInference, OpenLLMetry) patch this client, not Vigil's code.
import type OpenAI from 'openai';
import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { MODEL, QUESTION, STREAM_QUESTION, SYSTEM, TOOL } from './conversation.ts';

export const LOOKUP_TOOL: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: TOOL.name,
    description: 'Look up an order',
    parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
  },
};

/** Asks, runs the tool the model calls, sends its result back and returns the final answer. */
export async function answerWithTool(client: OpenAI, runTool: (args: unknown, callId: string) => Promise<unknown>): Promise<string> {
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: QUESTION },
  ];
  const first = await client.chat.completions.create({ model: MODEL, messages, tools: [LOOKUP_TOOL] });
  const turn = first.choices[0]!.message;
  messages.push(turn);
  for (const call of turn.tool_calls ?? []) {
    if (call.type !== 'function') continue;
    const result = await runTool(JSON.parse(call.function.arguments), call.id);
    messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
  }
  const second = await client.chat.completions.create({ model: MODEL, messages, tools: [LOOKUP_TOOL] });
  return second.choices[0]!.message.content ?? '';
}

/** Streams an answer, asking for the usage chunk at the end as OpenAI's docs recommend. */
export async function streamAnswer(client: OpenAI): Promise<string> {
  const stream = await client.chat.completions.create({
    model: MODEL,
    messages: [{ role: 'user', content: STREAM_QUESTION }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}
