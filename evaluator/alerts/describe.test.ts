import { describe, expect, it } from 'vitest';
import { RuleSchema } from '../../core/policy/alerts.ts';
import { alertLinks, summarize } from './describe.ts';

const rule = (fields: Record<string, unknown>) => RuleSchema.parse({ name: 'r', channels: [], ...fields });

describe('alert summaries', () => {
  it('reads rates, costs and lag with their units', () => {
    expect(summarize(rule({ metric: 'hallucination_rate', threshold: 0.05 }), 0.05, { agent: 'support-bot' }, 0.1234, 48)).toBe(
      'hallucination rate 12.3% above 5% for support-bot over 15 min (48 executions)',
    );
    expect(summarize(rule({ metric: 'cost_per_execution', threshold: 0.5, groupBy: [] }), 0.5, {}, 0.61234, 1)).toBe('cost per execution $0.6123 above $0.5 over 15 min (1 execution)');
    expect(summarize(rule({ metric: 'evaluator_lag', threshold: 300 }), 300, {}, 412.4, 1)).toBe('evaluator lag 412 s above 300 s');
  });

  it('counts executions, and says the threshold only when there is one', () => {
    expect(summarize(rule({ metric: 'pii_found' }), 0, { agent: 'a' }, 1, 30)).toBe('1 execution leaking personal data for a over 15 min (30 executions judged)');
    expect(summarize(rule({ metric: 'loops', threshold: 2 }), 2, { agent: 'a' }, 3, 30)).toBe('3 executions caught in a loop for a over 15 min (30 executions judged) (alerting above 2)');
  });

  it('names drift series and SLOs', () => {
    expect(summarize(rule({ metric: 'latency_drift' }), 0, { series: 'model:gpt-4o' }, 1.42, 1)).toBe('p95 latency 1.4× its baseline for model gpt-4o');
    expect(summarize(rule({ metric: 'latency_drift' }), 0, { series: 'agent:a', agent: 'a' }, 0, 1)).toBe('no latency drift for a');
    expect(summarize(rule({ metric: 'slo_burn' }), 0, { slo: 'answers', agent: 'a' }, 1.6, 1)).toBe('SLO "answers" (a) burning its error budget at 1.6×');
  });

  it('links into the UI from the public URL', () => {
    expect(alertLinks('https://v.example.com', 'hallucination_rate', '0123456789abcdef', { agent: 'support bot' }, ['t1'])).toEqual({
      alert: 'https://v.example.com/alerts?alert=0123456789abcdef',
      evaluations: 'https://v.example.com/evaluations?check=hallucination&agent=support+bot',
      executions: [{ traceId: 't1', url: 'https://v.example.com/traces/t1' }],
    });
    expect(alertLinks('https://v.example.com', 'error_rate', 'f', {}, []).evaluations).toBeUndefined();
  });
});
