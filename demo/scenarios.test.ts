import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';
import { backfillDays, DAY_MS, planDay, type Execution, type SpanDescription } from './scenarios.ts';
import { countSpans } from './spans.ts';

// A Wednesday noon, so the window holds one weekend.
const NOW = Date.parse('2026-06-10T12:00:00Z');

function backfill(seed: number, days = 14, perDay = 120): Execution[] {
  const random = new Random(seed);
  const plan = backfillDays(days, perDay, NOW);
  return plan.flatMap((day, i) => planDay(random, day, { nowMs: NOW }, i === plan.length - 1));
}

function spansOf(span: SpanDescription): SpanDescription[] {
  return [span, ...span.children.flatMap(spansOf)];
}

const history = backfill(11);
const spans = history.flatMap((e) => spansOf(e.root));
const outputs = (e: Execution) => spansOf(e.root).map((s) => String(s.attributes['gen_ai.output.messages'] ?? ''));
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('backfillDays', () => {
  it('shares out exactly days × perDay executions, fewer on weekends, ending now', () => {
    const days = backfillDays(14, 300, NOW);
    expect(days).toHaveLength(14);
    expect(days.reduce((sum, d) => sum + d.executions, 0)).toBe(4200);
    expect(days.at(-1)!.endMs).toBe(NOW);
    expect(days[0]!.startMs).toBeGreaterThan(NOW - 14 * DAY_MS); // inside a 14-day retention
    const saturday = days.find((d) => new Date(d.startMs + DAY_MS / 2).getUTCDay() === 6)!;
    const tuesday = days.find((d) => new Date(d.startMs + DAY_MS / 2).getUTCDay() === 2)!;
    expect(saturday.executions).toBeLessThan(tuesday.executions * 0.7);
  });
});

describe('planDay', () => {
  it('is deterministic for a seed', () => {
    expect(JSON.stringify(backfill(5, 2, 40))).toBe(JSON.stringify(backfill(5, 2, 40)));
    expect(JSON.stringify(backfill(5, 2, 40))).not.toBe(JSON.stringify(backfill(6, 2, 40)));
  });

  it('fills each day exactly, in order, with executions that ended before now', () => {
    expect(history).toHaveLength(14 * 120);
    const first = backfillDays(14, 120, NOW)[0]!.startMs;
    for (const e of history) {
      expect(e.root.startMs).toBeGreaterThanOrEqual(first);
      expect(e.root.endMs).toBeLessThanOrEqual(NOW);
    }
    const hours = history.map((e) => new Date(e.root.startMs).getUTCHours());
    expect(hours.filter((h) => h >= 13 && h < 16).length).toBeGreaterThan(3 * hours.filter((h) => h >= 1 && h < 4).length);
  });

  it('nests every span inside its parent in time', () => {
    const check = (span: SpanDescription) => {
      expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
      for (const child of span.children) {
        expect(child.startMs).toBeGreaterThanOrEqual(span.startMs);
        expect(child.endMs).toBeLessThanOrEqual(span.endMs);
        check(child);
      }
    };
    history.forEach((e) => check(e.root));
  });
});

describe('demo traffic', () => {
  it('has three agents, every outcome, and 3 to about 40 spans per execution', () => {
    expect(new Set(history.map((e) => e.agent))).toEqual(new Set(['support-bot', 'incident-triage', 'supply-chain-exceptions']));
    expect(new Set(history.map((e) => e.root.attributes['vigil.outcome']))).toEqual(new Set(['resolved', 'escalated', 'abandoned', 'failed', undefined]));
    const counts = history.map((e) => countSpans(e.root));
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...counts)).toBeLessThanOrEqual(50);
  });

  it('uses priced models of three providers and one self-hosted model', () => {
    const models = new Set(spans.map((s) => s.attributes['gen_ai.request.model']).filter(Boolean));
    expect(models).toEqual(new Set(['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'claude-3-5-haiku', 'gemini-2.0-flash', 'acme-llama-3.1-70b-logistics', 'text-embedding-3-small']));
    expect(spans.some((s) => Number(s.attributes['gen_ai.usage.cache_read.input_tokens']) > 0)).toBe(true);
  });

  it('keeps support sessions together: shared session and user ids, the outcome on the last turn only', () => {
    const sessions = new Map<string, Execution[]>();
    for (const e of history.filter((x) => x.agent === 'support-bot')) {
      const id = String(e.root.attributes['vigil.session.id']);
      expect(e.root.attributes['gen_ai.conversation.id']).toBe(id);
      sessions.set(id, [...(sessions.get(id) ?? []), e]);
    }
    const multiTurn = [...sessions.values()].filter((turns) => turns.length >= 3);
    expect(multiTurn.length).toBeGreaterThan(10);
    for (const turns of multiTurn) {
      expect(new Set(turns.map((t) => t.root.attributes['vigil.user.id'])).size).toBe(1);
      expect(turns.slice(0, -1).every((t) => t.root.attributes['vigil.outcome'] === undefined)).toBe(true);
    }
  });

  it('retrieves scored documents and escalates with a handoff tool call', () => {
    const retrievals = spans.filter((s) => s.attributes['openinference.span.kind'] === 'RETRIEVER');
    expect(retrievals.length).toBeGreaterThan(500);
    expect(typeof retrievals[0]!.attributes['retrieval.documents.0.document.score']).toBe('number');
    const escalated = history.filter((e) => e.agent === 'support-bot' && e.root.attributes['vigil.outcome'] === 'escalated');
    expect(escalated.every((e) => e.root.children.some((s) => s.attributes['gen_ai.tool.name'] === 'handoff_to_human'))).toBe(true);
  });

  it('answers about 5% of support questions against the retrieved documents', () => {
    // The refund article says 14 days; the unsupported answer says 30.
    const contradicted = history.filter((e) => e.root.children.some((s) => String(s.attributes['retrieval.documents.0.document.content'] ?? '').includes('14 days')) && outputs(e)[0]!.includes('within 30 days'));
    expect(contradicted.length).toBeGreaterThan(0);
    const support = history.filter((e) => e.agent === 'support-bot').length;
    const refundTopics = history.filter((e) => outputs(e)[0]!.includes('within 14 days') || outputs(e)[0]!.includes('within 30 days')).length;
    expect(contradicted.length / refundTopics).toBeGreaterThan(0.01);
    expect(contradicted.length / refundTopics).toBeLessThan(0.15);
    expect(support).toBeGreaterThan(history.length / 2);
  });

  it('contains the failures Vigil must surface: a tool timeout, a 429, a tool loop, PII and one XSS string', () => {
    const timeouts = spans.filter((s) => s.error?.exception?.type === 'TimeoutError' && s.attributes['gen_ai.tool.name']);
    expect(timeouts.length).toBeGreaterThan(0);
    expect(spans.some((s) => s.error?.exception?.type === 'RateLimitError' && s.attributes['http.response.status_code'] === 429)).toBe(true);
    const looping = history.filter((e) => {
      const calls = e.root.children.filter((s) => s.attributes['gen_ai.tool.name']).map((s) => `${s.attributes['gen_ai.tool.name']} ${s.attributes['gen_ai.tool.call.arguments']}`);
      return calls.some((call, i) => i + 6 <= calls.length && calls.slice(i, i + 6).every((c) => c === call));
    });
    expect(looping.length).toBeGreaterThan(0);
    expect(history.filter((e) => outputs(e).some((o) => /@gmail\.com.*4111 1111 111\d/.test(o))).length).toBeGreaterThan(0);
    expect(history.filter((e) => outputs(e).some((o) => o.includes('<img src=x onerror=alert(1)>')))).toHaveLength(1);
  });

  it('has a slow tail, and incident-triage got slower in the last two days', () => {
    const durations = history.map((e) => e.root.endMs - e.root.startMs);
    expect(median([...durations]) * 5).toBeLessThan(median([...durations].sort((a, b) => a - b).slice(Math.floor(durations.length * 0.99))));
    const triage = history.filter((e) => e.agent === 'incident-triage');
    const recent = triage.filter((e) => e.root.startMs >= NOW - 2 * DAY_MS).map((e) => e.root.endMs - e.root.startMs);
    const before = triage.filter((e) => e.root.startMs < NOW - 2 * DAY_MS).map((e) => e.root.endMs - e.root.startMs);
    expect(median(recent)).toBeGreaterThan(1.4 * median(before));
  });
});
