// Vigil's own Prometheus metrics (prom-client), served at GET /metrics on the query API port. One
// registry per process; the collector and the API record into it.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'vigil_process_' });

export const spansReceived = new Counter({ name: 'vigil_spans_received_total', help: 'Spans received by the collector (HTTP and gRPC), after decoding', registers: [registry] });
export const spansAccepted = new Counter({ name: 'vigil_spans_accepted_total', help: 'Spans acknowledged to their senders: journaled (embedded engine, inserted within about a second) or inserted (ClickHouse server)', registers: [registry] });
export const spansRejected = new Counter({
  name: 'vigil_spans_rejected_total',
  help: 'Spans not stored, by reason: invalid (bad ids), time_window (outside retention or in the future), row_too_large (too many values to fit a row), unreadable (normalization failed, logged), buffer_full (client told to retry), too_large (request over the buffer or the row bound), insert_failed (client told to retry)',
  labelNames: ['reason'] as const,
  registers: [registry],
});
export const insertDuration = new Histogram({
  name: 'vigil_insert_duration_seconds',
  help: 'Time of one batched span insert into ClickHouse',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
export const insertRows = new Histogram({ name: 'vigil_insert_rows', help: 'Spans per insert', buckets: [1, 10, 100, 1000, 5000, 10000, 50000], registers: [registry] });
let pendingSpans: () => number = () => 0;
new Gauge({
  name: 'vigil_ingest_buffer_spans',
  help: 'Spans waiting for or in an insert',
  registers: [registry],
  collect() {
    this.set(pendingSpans());
  },
});
/** Reports the collector's buffer fill at each scrape. */
export function watchBuffer(read: () => number): void {
  pendingSpans = read;
}
export const bufferCapacity = new Gauge({ name: 'vigil_ingest_buffer_capacity_spans', help: 'Most spans the ingest buffer holds before answering 429 (VIGIL_BUFFER_MAX_SPANS)', registers: [registry] });
export const httpRequests = new Counter({
  name: 'vigil_http_requests_total',
  help: 'Query API and UI requests by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [registry],
});
export const httpDuration = new Histogram({
  name: 'vigil_http_request_duration_seconds',
  help: 'Query API request time by route pattern',
  labelNames: ['route', 'method'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

let evaluatorState: () => { lagSeconds: number; pending: number } = () => ({ lagSeconds: 0, pending: 0 });
/** Reports how far behind the evaluator is at each scrape. */
export function watchEvaluator(read: () => { lagSeconds: number; pending: number }): void {
  evaluatorState = read;
}
new Gauge({
  name: 'vigil_evaluator_lag_seconds',
  help: 'Age of the oldest span not yet covered by a judgement (ingest time), 0 when caught up within the settle time',
  registers: [registry],
  collect() {
    this.set(evaluatorState().lagSeconds);
  },
});
new Gauge({
  name: 'vigil_evaluator_pending_executions',
  help: 'Executions seen but not judged yet (waiting to complete, or queued)',
  registers: [registry],
  collect() {
    this.set(evaluatorState().pending);
  },
});
export const executionsJudged = new Counter({ name: 'vigil_evaluator_executions_total', help: 'Executions the evaluator judged', registers: [registry] });
export const evaluationsStored = new Counter({
  name: 'vigil_evaluations_total',
  help: 'Judgements stored, by check and result (passed, flagged)',
  labelNames: ['check', 'result'] as const,
  registers: [registry],
});
export const judgeRequests = new Counter({
  name: 'vigil_judge_requests_total',
  help: 'Executions sent to the LLM judge, by status (judged, unknown)',
  labelNames: ['status'] as const,
  registers: [registry],
});
export const judgeTokens = new Counter({ name: 'vigil_judge_tokens_total', help: 'Tokens used by the LLM judge', labelNames: ['direction'] as const, registers: [registry] });
export const judgeCost = new Counter({ name: 'vigil_judge_cost_usd_total', help: 'Cost of the LLM judge in USD (priced calls only)', registers: [registry] });
export const judgeLatency = new Histogram({
  name: 'vigil_judge_latency_seconds',
  help: 'Time of one LLM judge call',
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60],
  registers: [registry],
});

export const alertDeliveries = new Counter({
  name: 'vigil_alert_deliveries_total',
  help: 'Alert delivery attempts by format and result (delivered, retrying, failed)',
  labelNames: ['format', 'state'] as const,
  registers: [registry],
});
export const alertDeliverySeconds = new Histogram({
  name: 'vigil_alert_delivery_seconds',
  help: 'Time from sending an alert webhook to the receiver\'s answer',
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});
/** Alerts by status and severity, as the alert engine last wrote them. */
export const alertsOpen = new Gauge({
  name: 'vigil_alerts',
  help: 'Alerts pending or firing, by status and severity (instance-wide, every project)',
  labelNames: ['status', 'severity'] as const,
  registers: [registry],
});
