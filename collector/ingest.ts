// The step shared by the HTTP and gRPC receivers: validate decoded spans, normalize the valid ones
// into rows for the batcher. A span that cannot be stored is rejected on its own
// through OTLP partial success; one that can be stored after a change (an end time it lacked, values
// cut to fit the row limit) is stored with the change noted on the span and in the answer. Nothing
// in one span spoils the rest of the request, or the inserts it shares with other clients.
import type { SpanRow } from '../core/spans/row.ts';
import { logFailure } from './log.ts';
import type { OtlpSpan } from './otlp/model.ts';
import type { PartialSuccess } from './otlp/response.ts';
import { validateSpan } from './otlp/validate.ts';
import { fitRow, MAX_ROW_BYTES, WARNING_ATTRIBUTE } from './row-size.ts';

export type Normalize = (span: OtlpSpan) => Omit<SpanRow, 'project_id'>;

/** How many spans are named in each list of the partial-success message. */
const MAX_NOTES = 5;
/** Span names are quoted in messages up to this length. */
const MAX_NAME_CHARS = 64;
/**
 * Most characters of stored rows one request may become. Each row repeats its resource's attributes,
 * so a small request can expand a thousandfold; beyond this the request is refused whole (413).
 * Counted in characters of the rows' text: about what they hold in memory.
 */
export const MAX_REQUEST_ROW_CHARS = 256 * 1024 * 1024;
const ZERO_SPAN_ID = '0000000000000000';

export type RejectReason = 'invalid' | 'time_window' | 'row_too_large' | 'unreadable';

export interface PreparedRows {
  /** The spans to store, each within the row limit (row-size.ts). */
  rows: SpanRow[];
  partial: PartialSuccess;
  /** Rejected spans counted by kind of problem, for the collector's metrics. */
  rejectedByReason: Partial<Record<RejectReason, number>>;
  /** Set when the request as a whole is too large to store; `rows` is then empty. */
  tooLarge?: string;
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

/**
 * Why the end time cannot be stored as sent (unset, or before the start), or undefined. Such a span
 * is kept, ending at its start: its attributes, tokens and cost are worth more than its duration.
 */
function endTimeProblem(span: OtlpSpan): string | undefined {
  const { startTimeUnixNano: start, endTimeUnixNano: end } = span;
  if (end >= start) return undefined;
  const what = end === 0n ? 'end time is not set' : `end time ${describeTime(end)} is before the start time ${describeTime(start)}`;
  return `${what}: stored with the start time as its end (duration 0)`;
}

/** Spans named in a message, the first few spelled out and the rest counted. */
class SpanNotes {
  count = 0;
  private readonly shown: string[] = [];

  add(index: number, span: OtlpSpan, text: string): void {
    this.count++;
    if (this.shown.length >= MAX_NOTES) return;
    const name = span.name.length > MAX_NAME_CHARS ? `${span.name.slice(0, MAX_NAME_CHARS)}…` : span.name;
    this.shown.push(`span ${index} (${JSON.stringify(name)}): ${text}`);
  }

  describe(what: string): string {
    if (this.count === 0) return '';
    const more = this.count > this.shown.length ? `; and ${this.count - this.shown.length} more` : '';
    return `${this.count} spans ${what}: ${this.shown.join('; ')}${more}`;
  }
}

function addWarning(attributes: Record<string, string>, text: string): void {
  const previous = attributes[WARNING_ATTRIBUTE];
  attributes[WARNING_ATTRIBUTE] = previous ? `${previous}; ${text}` : text;
}

/** What was changed in a stored span, for the partial-success message. */
function changeNotes(endProblem: string | undefined, truncated: readonly string[]): string {
  const notes: string[] = [];
  if (endProblem) notes.push(endProblem);
  if (truncated.length > 0) {
    const cut = truncated.slice(0, 3).join(', ') + (truncated.length > 3 ? ', …' : '');
    notes.push(`stored row over ${MAX_ROW_BYTES} bytes: cut ${cut} (marked "…[truncated by Vigil …]")`);
  }
  return notes.join('; ');
}

export function prepareRows(
  projectId: string,
  spans: readonly OtlpSpan[],
  normalize: Normalize,
  window?: TimeWindow,
  maxRequestChars = MAX_REQUEST_ROW_CHARS,
): PreparedRows {
  const rows: SpanRow[] = [];
  const rejected = new SpanNotes();
  const changed = new SpanNotes();
  const rejectedByReason: PreparedRows['rejectedByReason'] = {};
  const reject = (reason: RejectReason, index: number, span: OtlpSpan, problem: string) => {
    rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + 1;
    rejected.add(index, span, problem);
  };
  let chars = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const invalid = validateSpan(span);
    if (invalid !== undefined) {
      reject('invalid', i, span, invalid);
      continue;
    }
    const outside = window && outsideWindow(span, window);
    if (outside !== undefined) {
      reject('time_window', i, span, outside);
      continue;
    }
    const endProblem = endTimeProblem(span);
    let row: SpanRow;
    try {
      row = normalize(endProblem ? { ...span, endTimeUnixNano: span.startTimeUnixNano } : span) as SpanRow;
    } catch (error) {
      // A bug of ours, not the sender's: reject the span rather than fail (and retry) the request.
      logFailure('span not normalized', error instanceof Error ? (error.stack ?? error.message) : String(error));
      reject('unreadable', i, span, 'Vigil could not read this span (an internal error, logged on the server)');
      continue;
    }
    row.project_id = projectId;
    // Some SDKs send an all-zero parent id for roots; an invalid id means "no parent".
    if (row.parent_span_id === ZERO_SPAN_ID) row.parent_span_id = '';
    if (endProblem) addWarning(row.attributes, endProblem);
    const fitted = fitRow(row);
    if (!fitted) {
      reject('row_too_large', i, span, `its stored row would exceed ${MAX_ROW_BYTES} bytes even with every value cut: send fewer attributes`);
      continue;
    }
    if (endProblem || fitted.truncated.length > 0) changed.add(i, span, changeNotes(endProblem, fitted.truncated));
    chars += fitted.chars;
    if (chars > maxRequestChars) {
      return {
        rows: [],
        rejectedByReason: {},
        partial: { rejectedSpans: 0, errorMessage: '' },
        tooLarge: `the request's ${spans.length} spans take more than ${maxRequestChars} characters as stored rows (each span repeats its resource attributes): send fewer spans per request`,
      };
    }
    rows.push(fitted.row);
  }
  const message = [rejected.describe('rejected'), changed.describe('stored with changes')].filter((text) => text !== '').join('. ');
  return { rows, rejectedByReason, partial: { rejectedSpans: rejected.count, errorMessage: message } };
}
