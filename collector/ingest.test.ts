import { describe, expect, it, vi } from 'vitest';
import type { SpanRow } from '../core/spans/row.ts';
import type { OtlpSpan } from './otlp/model.ts';
import { createPricing } from '../core/pricing/index.ts';
import { acceptedWindow, prepareRows } from './ingest.ts';
import { normalizeSpan } from './semconv/normalize.ts';

const NOW_MS = Date.UTC(2026, 10, 21, 12);
const MS = 1_000_000n;

function span(name: string, startMs: number, ids: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: '', traceState: '', name, kind: 1,
    startTimeUnixNano: BigInt(startMs) * MS, endTimeUnixNano: BigInt(startMs + 5) * MS,
    attributes: {}, events: [], links: [], status: { code: 0, message: '' }, resource: {}, scope: { name: '', version: '' },
    ...ids,
  };
}

const pricing = createPricing([]);
/** The real normalization with the name and parent as sent, whatever the attributes say. */
const normalize = (s: OtlpSpan) => ({ ...normalizeSpan(s, pricing), name: s.name, parent_span_id: s.parentSpanId });
const DAY_MS = 86_400_000;

describe('prepareRows', () => {
  it('rejects spans outside the retention window or more than a day ahead, keeping the rest', () => {
    const window = acceptedWindow(NOW_MS, 30);
    const { rows, partial } = prepareRows('p', [
      span('today', NOW_MS),
      span('29 days ago', NOW_MS - 29 * DAY_MS),
      span('31 days ago', NOW_MS - 31 * DAY_MS),
      span('in two days', NOW_MS + 2 * DAY_MS),
      span('bad id', NOW_MS, { spanId: '00' }),
    ], normalize, window);
    expect(rows.map((r) => r.name)).toEqual(['today', '29 days ago']);
    expect(rows.every((r) => r.project_id === 'p')).toBe(true);
    expect(partial.rejectedSpans).toBe(3);
    expect(partial.errorMessage).toContain('span 2 ("31 days ago"): start time 2026-10-21T12:00:00.000Z is older than the retention period');
    expect(partial.errorMessage).toContain('span 3 ("in two days"): start time 2026-11-23T12:00:00.000Z is more than a day in the future');
    expect(partial.errorMessage).toContain('span 4 ("bad id")');
  });

  it('keeps old spans when retention is unlimited, and treats an all-zero parent as no parent', () => {
    const { rows, partial } = prepareRows('p', [span('2019', Date.UTC(2019, 0, 1), { parentSpanId: '0000000000000000' })], normalize, acceptedWindow(NOW_MS, 0));
    expect(partial.rejectedSpans).toBe(0);
    expect(rows[0]!.parent_span_id).toBe('');
  });

  it('names at most five reasons and counts the rest', () => {
    const spans = Array.from({ length: 8 }, (_, i) => span(`s${i}`, NOW_MS, { traceId: 'x' }));
    const { partial } = prepareRows('p', spans, normalize, acceptedWindow(NOW_MS, 30));
    expect(partial.rejectedSpans).toBe(8);
    expect(partial.errorMessage).toMatch(/^8 spans rejected: .*; and 3 more$/);
  });
});

describe('spans stored with a change, or rejected alone', () => {
  const realNormalize = (s: OtlpSpan) => normalizeSpan(s, pricing);
  const window = acceptedWindow(NOW_MS, 30);

  it('stores a span without a usable end time as ending at its start, and says so', () => {
    const start = BigInt(NOW_MS) * MS;
    const { rows, partial } = prepareRows('p', [
      span('no end', NOW_MS, { endTimeUnixNano: 0n }),
      span('end long before start', NOW_MS, { endTimeUnixNano: start - 10n ** 18n }),
      span('fine', NOW_MS),
    ], realNormalize, window);
    expect(rows.map((r) => [r.name, r.end_time === r.start_time, r.duration_ns])).toEqual([['no end', true, 0], ['end long before start', true, 0], ['fine', false, 5_000_000]]);
    expect(rows[0]!.attributes['vigil.warning']).toBe('end time is not set: stored with the start time as its end (duration 0)');
    expect(rows[1]!.attributes['vigil.warning']).toMatch(/^end time 1995-03-15T10:13:20.000Z is before the start time 2026-11-21T12:00:00.000Z: stored with the start time as its end/);
    expect(partial.rejectedSpans).toBe(0);
    expect(partial.errorMessage).toMatch(/^2 spans stored with changes: span 0 \("no end"\): end time is not set: stored with the start time as its end \(duration 0\); span 1/);
  });

  it('writes times as 19 digits, the only digit strings the engine reads as nanoseconds', () => {
    const { rows } = prepareRows('p', [span('1970', 0, { startTimeUnixNano: 5n, endTimeUnixNano: 7n })], realNormalize, acceptedWindow(NOW_MS, 0));
    expect(rows[0]!).toMatchObject({ start_time: '0000000000000000005', end_time: '0000000000000000007' });
  });

  it('rejects a span that cannot be normalized and stores the others', () => {
    const flaky = (s: OtlpSpan) => {
      if (s.name === 'bad') throw new Error('boom');
      return realNormalize(s);
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { rows, partial, rejectedByReason } = prepareRows('p', [span('bad', NOW_MS), span('good', NOW_MS)], flaky, window);
    const logLines = logged.mock.calls.map((call) => String(call[0]));
    logged.mockRestore();
    expect(logLines).toEqual([expect.stringMatching(/^vigil: collector: span not normalized: Error: boom/)]);
    expect(rows.map((r) => r.name)).toEqual(['good']);
    expect(rejectedByReason).toEqual({ unreadable: 1 });
    expect(partial.errorMessage).toBe('1 spans rejected: span 0 ("bad"): Vigil could not read this span (an internal error, logged on the server)');
  });

  it('quotes at most 64 characters of a span name, whatever its length', () => {
    const spans = Array.from({ length: 100 }, () => span('n'.repeat(1_000_000), NOW_MS, { traceId: 'x' }));
    const { partial } = prepareRows('p', spans, normalize, window);
    expect(partial.errorMessage.length).toBeLessThan(1500);
    expect(partial.errorMessage).toContain(`"${'n'.repeat(64)}…"`);
  });

  it('refuses a request whose rows together exceed the bound, storing none of it', () => {
    const resource = { 'service.name': 'svc', big: 'r'.repeat(10_000) };
    const spans = Array.from({ length: 20 }, () => span('s', NOW_MS, { resource }));
    const { rows, tooLarge } = prepareRows('p', spans, realNormalize, window, 100_000);
    expect(rows).toEqual([]);
    expect(tooLarge).toBe("the request's 20 spans take more than 100000 characters as stored rows (each span repeats its resource attributes): send fewer spans per request");
  });
});
