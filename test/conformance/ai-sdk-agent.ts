// The support conversation as an agent written with the AI SDK runs it (`ai` 6 with `@ai-sdk/openai`
// 3's chat-completions model): the SDK records its own spans on whichever tracer it is given.
import { createOpenAI } from '@ai-sdk/openai';
import type { Tracer } from '@opentelemetry/api';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { LLM_KEY, MODEL, QUESTION, STREAM_QUESTION, SYSTEM, TOOL, TOOL_RESULT } from './conversation.ts';

export interface AiSdkAgent {
  /** `${llm.url}/v1` of the scripted server. */
  baseURL: string;
  tracer: Tracer;
  metadata?: Record<string, string>;
}

const chatModel = (agent: AiSdkAgent) => createOpenAI({ baseURL: agent.baseURL, apiKey: LLM_KEY }).chat(MODEL);
const telemetry = (agent: AiSdkAgent) => ({ isEnabled: true, functionId: 'support-bot', tracer: agent.tracer, metadata: agent.metadata ?? {} });

/** Asks, lets the SDK run the tool the model calls and send its result back; returns the answer. */
export async function answerWithTool(agent: AiSdkAgent): Promise<string> {
  const result = await generateText({
    model: chatModel(agent),
    system: SYSTEM,
    prompt: QUESTION,
    tools: { [TOOL.name]: tool({ description: 'Look up an order', inputSchema: z.object({ orderId: z.string() }), execute: async () => TOOL_RESULT }) },
    stopWhen: stepCountIs(3),
    experimental_telemetry: telemetry(agent),
  });
  return result.text;
}

/** Streams an answer and drains the stream (the SDK's spans end when it is drained). */
export async function streamAnswer(agent: AiSdkAgent): Promise<string> {
  const result = streamText({ model: chatModel(agent), prompt: STREAM_QUESTION, experimental_telemetry: telemetry(agent) });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  return text;
}
