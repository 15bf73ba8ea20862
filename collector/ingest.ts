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
}

export function prepareRows(projectId: string, spans: readonly OtlpSpan[], normalize: Normalize): PreparedRows {
  const rows: SpanRow[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const problem = validateSpan(span);
    if (problem !== undefined) {
      rejected++;
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
  return { rows, partial: { rejectedSpans: rejected, errorMessage: rejected ? `${rejected} spans rejected: ${reasons.join('; ')}${more}` : '' } };
}
