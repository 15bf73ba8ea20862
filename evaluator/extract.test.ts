import { describe, expect, it } from 'vitest';
import { extractFacts, type TraceSpan } from './extract.ts';

function span(id: string, parent: string, type: TraceSpan['span_type'], fields: Partial<TraceSpan> = {}): TraceSpan {
  return {
    trace_id: 't1', span_id: id, parent_span_id: parent, name: id, span_type: type, service_name: 'svc', agent_name: '', model: '', operation: '',
    start_time: '1000', end_time: '2000', duration_ns: 1000, status_code: 'unset', input_tokens: 0, output_tokens: 0, cost_usd: 0, cost_status: 'none',
    input_text: '', output_text: '', input_messages: '', tool_name: '', documents: [], ...fields,
  };
}

describe('extractFacts', () => {
  const spans = [
    span('root', '', 'agent', { agent_name: 'bot', input_text: 'Where is SH-1?', output_text: 'SH-1 is delayed by 7 days.', start_time: '1000' }),
    span('ret', 'root', 'retriever', { documents: ['Shipments are tracked daily.'], start_time: '1100' }),
    span('tool', 'root', 'tool', { tool_name: 'get_shipment', input_text: '{"id":"SH-1"}', output_text: '{"status":"delayed","eta_days":7}', start_time: '1200' }),
    span('failed', 'root', 'tool', { tool_name: 'get_eta', status_code: 'error', output_text: 'boom', start_time: '1250' }),
    span('llm', 'root', 'llm', {
      output_text: 'SH-1 is delayed by 7 days.', start_time: '1300', input_tokens: 100, output_tokens: 10, cost_usd: 0.01,
      input_messages: JSON.stringify([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Where is SH-1?' }]),
    }),
  ];

  it('attributes the answer to the LLM call that wrote it and gathers the context', () => {
    const facts = extractFacts(spans)!;
    expect(facts).toMatchObject({ agent: 'bot', startNs: '1000', question: 'Where is SH-1?', answer: { spanId: 'llm', text: 'SH-1 is delayed by 7 days.' }, llmCalls: 1, tokens: 110, costUsd: 0.01 });
    expect(facts.context.map((p) => [p.kind, p.spanId])).toEqual([
      ['document', 'ret'],
      ['tool_call', 'tool'],
      ['tool_result', 'tool'],
      ['request', 'root'],
    ]);
    expect(facts.toolCalls).toEqual([
      { spanId: 'tool', name: 'get_shipment', arguments: '{"id":"SH-1"}' },
      { spanId: 'failed', name: 'get_eta', arguments: '' },
    ]);
  });

  it('reads a long system prompt as a document and a short one as instructions', () => {
    const long = 'Return policy: '.padEnd(500, 'x');
    const withDocs = spans.map((s) => (s.span_id === 'llm' ? { ...s, input_messages: JSON.stringify([{ role: 'system', content: long }]) } : s));
    expect(extractFacts(withDocs)!.context.some((p) => p.kind === 'system')).toBe(true);
    expect(extractFacts(spans)!.context.some((p) => p.kind === 'system')).toBe(false);
  });

  it('uses the last LLM output when the root carries no answer, and the earliest span without a root', () => {
    const noRootAnswer = spans.map((s) => (s.span_id === 'root' ? { ...s, output_text: '' } : s));
    expect(extractFacts(noRootAnswer)!.answer).toEqual({ spanId: 'llm', text: 'SH-1 is delayed by 7 days.' });
    const rootless = spans.filter((s) => s.span_id !== 'root');
    expect(extractFacts(rootless)).toMatchObject({ startNs: '1100', question: '' });
    expect(extractFacts([])).toBeUndefined();
  });
});
