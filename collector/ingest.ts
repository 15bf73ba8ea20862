// The step shared by the HTTP and gRPC receivers: validate decoded spans, normalize the valid ones
// into rows and hand them to the batcher. Invalid spans are rejected one by one through OTLP
// partial success; they never spoil the rest of the request.
import type { SpanRow } from '../core/spans/row.ts';
import type { OtlpSpan } from './otlp/model.ts';
import type { PartialSuccess } from './otlp/response.ts';
import { validateSpan } from './otlp/validate.ts';

export type Normalize = (span: OtlpSpan) => Omit<SpanRow, 'project_id'>;

/** How many rejection reasons are spelled out in the partial-success message. */
const MAX_REASONS = 5;
const ZERO_SPAN_ID = '0000000000000000';

export interface PreparedRows {
  rows: SpanRow[];
  partial: PartialSuccess;
  /** Rejected spans counted by kind of problem, for the collector's metrics. */
  rejectedByReason: { invalid?: number; time_window?: number };
}

/** The span start times accepted, in nanoseconds since the epoch. */
export interface TimeWindow {
  earliestNs: bigint;
  latestNs: bigint;
}

const DAY_NS = 86_400_000_000_000n;

/**
 * From `retentionDays` ago (spans older than that would be dropped at once; 0 keeps everything) to
 * one day ahead (clock skew). Bounding the days also bounds the partitions one insert touches.
 */
export function acceptedWindow(nowMs: number, retentionDays: number): TimeWindow {
  const now = BigInt(nowMs) * 1_000_000n;
  return { earliestNs: retentionDays > 0 ? now - BigInt(retentionDays) * DAY_NS : 0n, latestNs: now + DAY_NS };
}

const describeTime = (ns: bigint) => (ns > 0n && ns < 8_640_000_000_000_000_000n ? new Date(Number(ns / 1_000_000n)).toISOString() : `${ns} ns`);

function outsideWindow(span: OtlpSpan, window: TimeWindow): string | undefined {
  const start = span.startTimeUnixNano;
  if (start > window.latestNs) return `start time ${describeTime(start)} is more than a day in the future`;
  if (start < window.earliestNs) return `start time ${describeTime(start)} is older than the retention period`;
  // An absurd end would overflow the duration and the DateTime64 column, failing the whole insert.
  if (span.endTimeUnixNano > window.latestNs) return `end time ${describeTime(span.endTimeUnixNano)} is more than a day in the future`;
  return undefined;
}

export function prepareRows(projectId: string, spans: readonly OtlpSpan[], normalize: Normalize, window?: TimeWindow): PreparedRows {
  const rows: SpanRow[] = [];
  const reasons: string[] = [];
  const rejectedByReason: PreparedRows['rejectedByReason'] = {};
  let rejected = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const invalid = validateSpan(span);
    const problem = invalid ?? (window && outsideWindow(span, window));
    if (problem !== undefined) {
      rejected++;
      const kind = invalid !== undefined ? 'invalid' : 'time_window';
      rejectedByReason[kind] = (rejectedByReason[kind] ?? 0) + 1;
      if (reasons.length < MAX_REASONS) reasons.push(`span ${i} (${JSON.stringify(span.name)}): ${problem}`);
      continue;
    }
    const row = normalize(span) as SpanRow;
    row.project_id = projectId;
    // Some SDKs send an all-zero parent id for roots; an invalid id means "no parent".
    if (row.parent_span_id === ZERO_SPAN_ID) row.parent_span_id = '';
    rows.push(row);
  }
  const more = rejected > reasons.length ? `; and ${rejected - reasons.length} more` : '';
  return { rows, rejectedByReason, partial: { rejectedSpans: rejected, errorMessage: rejected ? `${rejected} spans rejected: ${reasons.join('; ')}${more}` : '' } };
}
