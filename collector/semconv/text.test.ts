import { describe, expect, it } from 'vitest';
import { normalizeMessages } from './messages.ts';
import { readable } from './text.ts';

describe('readable', () => {
  it('keeps plain text and unquotes JSON strings', () => {
    expect(readable('Hello {name}', 'input')).toEqual({ text: 'Hello {name}', lossless: true });
    expect(readable('"Paris."', 'output')).toEqual({ text: 'Paris.', lossless: true });
    expect(readable('{"a": 1}', 'input', 'text/plain')).toEqual({ text: '{"a": 1}', lossless: true });
  });

  it('unwraps messages, provider responses and common keys', () => {
    const messages = JSON.stringify({ messages: [{ role: 'user', content: 'Hi?' }, { type: 'ai', content: 'Hello!' }] });
    expect(readable(messages, 'input').text).toBe('Hi?');
    expect(readable(messages, 'output').text).toBe('Hello!');
    const chat = JSON.stringify({ id: 'chatcmpl-1', choices: [{ index: 0, message: { role: 'assistant', content: 'Done.' } }] });
    expect(readable(chat, 'output')).toEqual({ text: 'Done.', lossless: false });
    const responses = JSON.stringify({ output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Ok.' }] }] });
    expect(readable(responses, 'output').text).toBe('Ok.');
    const anthropic = JSON.stringify({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] });
    expect(readable(anthropic, 'output').text).toBe('Sure.');
    expect(readable('{"query": "refund policy", "k": 4}', 'input').text).toBe('refund policy');
  });

  it('keeps JSON it cannot read as text', () => {
    const raw = '{"rows": [1, 2, 3]}';
    expect(readable(raw, 'output')).toEqual({ text: raw, lossless: true });
    expect(readable('[1, 2', 'output')).toEqual({ text: '[1, 2', lossless: true });
  });
});

describe('normalizeMessages', () => {
  it('reads OpenAI, Anthropic, Gemini, Vercel and LangChain message shapes', () => {
    const messages = normalizeMessages([
      { role: 'developer', content: 'Be brief.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: '42' }, { type: 'image', source: {} }] },
      { role: 'model', parts: [{ text: 'The answer is 42.' }] },
      { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c2', toolName: 'g', input: { x: 1 } }] },
      { lc: 1, type: 'constructor', id: ['langchain', 'schema', 'messages', 'HumanMessage'], kwargs: { content: 'Thanks' } },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'user', content: '42', tool_call_id: 'c1' },
      { role: 'assistant', content: 'The answer is 42.' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c2', name: 'g', arguments: '{"x":1}' }] },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('keeps the id of the call a tool result answers', () => {
    const messages = normalizeMessages([
      // OpenAI chat
      { role: 'tool', tool_call_id: 'call_openai', content: '{"temp": 21}' },
      // Vercel AI SDK (ai.prompt.messages)
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_ai_sdk', toolName: 'weather', output: { type: 'json', value: { temp: 21 } } }] },
      // OTel GenAI parts
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_genai', response: 'sunny' }] },
      // LangChain ToolMessage
      { lc: 1, type: 'constructor', id: ['langchain_core', 'messages', 'ToolMessage'], kwargs: { content: 'done', tool_call_id: 'call_lc' } },
    ]);
    expect(messages?.map((m) => [m.role, m.tool_call_id])).toEqual([
      ['tool', 'call_openai'], ['tool', 'call_ai_sdk'], ['tool', 'call_genai'], ['tool', 'call_lc'],
    ]);
    // The AI SDK's {type: 'json', value} wrapper is unwrapped: the content is the tool's result.
    expect(messages?.[1]?.content).toBe('{"temp":21}');
  });
});
