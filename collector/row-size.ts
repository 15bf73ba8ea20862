// Keeps every stored row below the engine's JSON row limit. One oversized row fails the whole
// insert, and an insert carries many clients' spans, so a span whose row would be too large is
// stored with its largest values cut (each ending in a visible marker) instead. Sizes are counted
// as the row would be sent as JSON: JSON-escaped UTF-8, where one control character takes six bytes.
// The embedded engine reads Native blocks, which have no such limit, but the bound is kept on both
// placements: a span is stored the same wherever it goes, and 8 MiB per span is already absurd.
// Almost every row is far below it, which `fitRow` sees from its length alone, without the JSON.
import { MAX_JSON_ROW_BYTES } from '../core/clickhouse/client.ts';
import type { SpanRow } from '../core/spans/row.ts';
import { setAttribute } from './otlp/attributes.ts';

/** A fifth below the engine's limit: room for its own framing, and a row this large is already absurd. */
export const MAX_ROW_BYTES = Math.floor(MAX_JSON_ROW_BYTES * 0.8);

/** Where the collector notes what it changed in a span (cut values, an end time it replaced). */
export const WARNING_ATTRIBUTE = 'vigil.warning';

const TEXT_COLUMNS = [
  'name', 'service_name', 'agent_name', 'operation', 'provider', 'model', 'status_message', 'session_id', 'user_id',
  'input_text', 'output_text', 'input_messages', 'output_messages', 'tool_name', 'tool_call_id', 'scope_name',
  'scope_version', 'events', 'links',
] as const satisfies readonly (keyof SpanRow)[];

/** Columns holding JSON text: a cut would leave unreadable JSON, so they are emptied instead. */
const JSON_COLUMNS: ReadonlySet<string> = new Set(['input_messages', 'output_messages', 'events', 'links']);

/** Room kept for the marker at the end of a cut value and for the warning attribute. */
const MARKER_BYTES = 100;
const WARNING_BYTES = 1024;
const LABELS_SHOWN = 5;

export interface FittedRow {
  row: SpanRow;
  /** UTF-16 units of all the row's text, for bounding what a request may expand to in memory. */
  chars: number;
  /** The values that were cut, e.g. `service_name`, `attributes["prompt"]`; empty when none. */
  truncated: readonly string[];
}

interface Slot {
  label: string;
  text: string;
  bytes: number;
  json: boolean;
  set(value: string): void;
}

/** Bytes of `text` as a JSON string in UTF-8, quotes included. */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}

function fits(line: string, maxBytes: number): boolean {
  // A UTF-16 unit never takes more than three bytes in UTF-8, so most rows need no counting.
  return line.length * 3 <= maxBytes || Buffer.byteLength(line) <= maxBytes;
}

/** JSON text around the values: column names and numbers, and per value its quotes and separators. */
const FIXED_JSON_BYTES = 2048;
const JSON_BYTES_PER_VALUE = 8;
/** The most bytes one UTF-16 unit takes in a JSON string: a control character is `\u0001`. */
const MAX_JSON_BYTES_PER_UNIT = 6;

/** The row's text in UTF-16 units, and how many separate values (map keys and values, documents) hold it. */
export function rowChars(row: SpanRow): { chars: number; values: number } {
  let chars = 0;
  for (const column of TEXT_COLUMNS) chars += row[column].length;
  chars += row.project_id.length + row.trace_id.length + row.span_id.length + row.parent_span_id.length + row.kind.length;
  chars += row.span_type.length + row.status_code.length + row.cost_status.length + row.outcome.length + row.start_time.length + row.end_time.length;
  let values = row.documents.length;
  for (const text of row.documents) chars += text.length;
  for (const key in row.attributes) {
    chars += key.length + row.attributes[key]!.length;
    values += 2;
  }
  for (const key in row.resource_attributes) {
    chars += key.length + row.resource_attributes[key]!.length;
    values += 2;
  }
  return { chars, values };
}

/** Shared by every row that fits whole (almost all): nothing is added to it. */
const NOTHING_CUT: readonly string[] = Object.freeze([]);

/**
 * The row with every value whole when its JSONEachRow line takes at most `maxBytes`, otherwise a
 * copy with its largest values cut to a common size. Undefined when even that cannot fit (say, a
 * hundred thousand attribute keys): the caller rejects the span.
 */
export function fitRow(row: SpanRow, maxBytes = MAX_ROW_BYTES): FittedRow | undefined {
  const { chars, values } = rowChars(row);
  // An upper bound of the JSON size, so that a row of ordinary size is never serialized here.
  if (chars * MAX_JSON_BYTES_PER_UNIT + values * JSON_BYTES_PER_VALUE + FIXED_JSON_BYTES <= maxBytes) return { row, chars, truncated: NOTHING_CUT };
  const line = JSON.stringify(row);
  if (fits(line, maxBytes)) return { row, chars, truncated: NOTHING_CUT };

  const copy: SpanRow = { ...row, documents: [...row.documents] };
  const attributes = Object.entries(row.attributes);
  const resource = Object.entries(row.resource_attributes);
  const slots: Slot[] = [];
  const add = (label: string, text: string, json: boolean, set: (value: string) => void) => {
    slots.push({ label, text, bytes: jsonBytes(text), json, set });
  };
  for (const column of TEXT_COLUMNS) add(column, copy[column], JSON_COLUMNS.has(column), (value) => (copy[column] = value));
  copy.documents.forEach((text, i) => add(`documents[${i}]`, text, false, (value) => (copy.documents[i] = value)));
  for (const [name, entries] of [['attributes', attributes], ['resource_attributes', resource]] as const) {
    for (const entry of entries) {
      const shown = JSON.stringify(entry[0].length > 40 ? `${entry[0].slice(0, 40)}…` : entry[0]);
      add(`${name}[${shown}] (key)`, entry[0], false, (value) => (entry[0] = value));
      add(`${name}[${shown}]`, entry[1], false, (value) => (entry[1] = value));
    }
  }

  const slotBytes = slots.reduce((sum, slot) => sum + slot.bytes, 0);
  const fixedBytes = Buffer.byteLength(line) - slotBytes;
  const cap = waterLevel(slots.map((slot) => slot.bytes), maxBytes - fixedBytes - WARNING_BYTES);
  // Cut values would keep nothing but their marker: the row has too many values, not too large ones.
  if (cap <= MARKER_BYTES) return undefined;
  const truncated: string[] = [];
  for (const slot of slots) {
    if (slot.bytes <= cap) continue;
    slot.set(slot.json ? '' : cutToJsonBytes(slot.text, cap));
    truncated.push(slot.label);
  }
  copy.attributes = toRecord(attributes);
  copy.resource_attributes = toRecord(resource);
  const shown = truncated.slice(0, LABELS_SHOWN).join(', ') + (truncated.length > LABELS_SHOWN ? ` and ${truncated.length - LABELS_SHOWN} more` : '');
  const note = `the stored row would exceed ${maxBytes} bytes: cut ${shown} (each ends in "…[truncated by Vigil …]"; JSON columns emptied)`;
  const previous = copy.attributes[WARNING_ATTRIBUTE];
  copy.attributes[WARNING_ATTRIBUTE] = previous ? `${previous}; ${note}` : note;

  return Buffer.byteLength(JSON.stringify(copy)) <= maxBytes ? { row: copy, chars: rowChars(copy).chars, truncated } : undefined;
}

/**
 * The largest size `cap` such that the sizes, each limited to `cap`, add up to at most `budget`:
 * small values stay whole and only the largest are cut, all to the same size.
 */
export function waterLevel(sizes: readonly number[], budget: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let remaining = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(remaining / (sorted.length - i));
    if (sorted[i]! > share) return Math.max(share, 0);
    remaining -= sorted[i]!;
  }
  return Infinity;
}

/** `text` cut so that, marker included, it takes at most `maxBytes` as a JSON string. */
export function cutToJsonBytes(text: string, maxBytes: number): string {
  const kept = prefixWithinJsonBytes(text, maxBytes - MARKER_BYTES);
  return `${kept}…[truncated by Vigil: ${text.length - kept.length} of ${text.length} characters cut]`;
}

/** JSON escapes with a short form; other control characters take six bytes (\u0001). */
const SHORT_ESCAPES = new Set([8, 9, 10, 12, 13]);

/** The longest prefix of `text` whose JSON-escaped UTF-8 form (without quotes) fits in `maxBytes`. */
export function prefixWithinJsonBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    let size = 3;
    let units = 1;
    if (code === 34 || code === 92) size = 2; // \" and \\
    else if (code < 32) size = SHORT_ESCAPES.has(code) ? 2 : 6;
    else if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      size = 4; // a pair is one four-byte character; it is never split
      units = 2;
    } else if (code >= 0xd800 && code <= 0xdfff) size = 6; // a lone surrogate is escaped
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += units;
  }
  return text.slice(0, i);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function toRecord(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of entries) setAttribute(record, key, value);
  return record;
}
