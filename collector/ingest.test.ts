import { describe, expect, it } from 'vitest';
import type { SpanRow } from '../core/spans/row.ts';
import type { OtlpSpan } from './otlp/model.ts';
import { acceptedWindow, prepareRows } from './ingest.ts';

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

const normalize = (s: OtlpSpan) => ({ name: s.name, parent_span_id: s.parentSpanId }) as unknown as Omit<SpanRow, 'project_id'>;
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
