// Span rows as Native blocks, column for column as in sql/0001_spans.sql. The types written are
// the table's own, so the insert converts nothing; `ingested_at` is left to its default.
import {
  dateTime64Column,
  encodeBlock,
  float64Column,
  lowCardinalityKeyMapColumn,
  lowCardinalityStringColumn as lowCardinality,
  stringArrayColumn,
  stringColumn as string,
  uint64Column as uint64,
  type NativeColumn,
} from '../clickhouse/native.ts';
import type { SpanRow } from './row.ts';

/** Times are 19-digit decimal nanosecond strings in the row; DateTime64(9) stores the same integer. */
const nanoseconds = (name: 'start_time' | 'end_time') => dateTime64Column<SpanRow>(name, 9, (row) => BigInt(row[name]));

export const SPAN_COLUMNS: readonly NativeColumn<SpanRow>[] = [
  lowCardinality('project_id', (r) => r.project_id),
  string('trace_id', (r) => r.trace_id),
  string('span_id', (r) => r.span_id),
  string('parent_span_id', (r) => r.parent_span_id),
  string('name', (r) => r.name),
  lowCardinality('kind', (r) => r.kind),
  lowCardinality('span_type', (r) => r.span_type),
  lowCardinality('service_name', (r) => r.service_name),
  lowCardinality('agent_name', (r) => r.agent_name),
  lowCardinality('operation', (r) => r.operation),
  lowCardinality('provider', (r) => r.provider),
  lowCardinality('model', (r) => r.model),
  nanoseconds('start_time'),
  nanoseconds('end_time'),
  uint64('duration_ns', (r) => r.duration_ns),
  lowCardinality('status_code', (r) => r.status_code),
  string('status_message', (r) => r.status_message),
  uint64('input_tokens', (r) => r.input_tokens),
  uint64('output_tokens', (r) => r.output_tokens),
  uint64('cached_tokens', (r) => r.cached_tokens),
  uint64('reasoning_tokens', (r) => r.reasoning_tokens),
  float64Column('cost_usd', (r) => r.cost_usd),
  lowCardinality('cost_status', (r) => r.cost_status),
  string('session_id', (r) => r.session_id),
  string('user_id', (r) => r.user_id),
  lowCardinality('outcome', (r) => r.outcome),
  string('input_text', (r) => r.input_text),
  string('output_text', (r) => r.output_text),
  string('input_messages', (r) => r.input_messages),
  string('output_messages', (r) => r.output_messages),
  lowCardinality('tool_name', (r) => r.tool_name),
  string('tool_call_id', (r) => r.tool_call_id),
  stringArrayColumn('documents', (r) => r.documents),
  lowCardinalityKeyMapColumn('attributes', (r) => r.attributes),
  lowCardinalityKeyMapColumn('resource_attributes', (r) => r.resource_attributes),
  lowCardinality('scope_name', (r) => r.scope_name),
  lowCardinality('scope_version', (r) => r.scope_version),
  string('events', (r) => r.events),
  string('links', (r) => r.links),
];

export const SPAN_COLUMN_NAMES: readonly string[] = SPAN_COLUMNS.map((column) => column.name);

/** One Native block of span rows, at the start of `into` when it fits there. */
export const encodeSpanBlock = (rows: readonly SpanRow[], into?: Uint8Array): Uint8Array => encodeBlock(rows, SPAN_COLUMNS, into);
