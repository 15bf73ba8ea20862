// What the alerts page computes: a rule's condition as people read it ("12% > 5%"), the order of
// current alerts, and timeline lanes (pending and firing intervals per alert) from the event
// history, with room for their words. Pure: data in, data out, no DOM. Deliveries: alertDeliveries.ts.
import type { Alert, AlertEvent, Channel, Delivery } from '../../../server/alert-schemas.ts';
import { formatCost, formatDuration, formatInteger, formatPercent } from './format.ts';

/** The list shapes of the alert routes (their items' types come from the server's schemas). */
export type AlertList = { alerts: Alert[] };
export type EventPage = { events: AlertEvent[]; nextCursor: string | null };
export type DeliveryList = { deliveries: Delivery[] };
export type ChannelList = { channels: Channel[]; publicUrl: string };

export const STATUS_FILTERS = ['active', 'firing', 'pending', 'resolved', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The current-alerts filter in the URL (`status`); active (pending and firing) when absent. */
export function statusFilterFromQuery(query: URLSearchParams): StatusFilter {
  return STATUS_FILTERS.find((s) => s === query.get('status')) ?? 'active';
}

/** Whether an alert in `status` shows under the filter; "active" is pending and firing. */
export function matchesStatus(status: Alert['status'], filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status === 'pending' || status === 'firing';
  return status === filter;
}

type Metric = Alert['metric'];

/** A metric's value in its unit: a share as a percentage, a cost in dollars, a lag as a duration. */
export function formatMetricValue(metric: Metric, value: number): string {
  if (!Number.isFinite(value)) return '–';
  switch (metric) {
    case 'hallucination_rate':
    case 'error_rate':
      // "5%", not "5.0%": thresholds are round numbers people wrote.
      return formatPercent(value).replace(/\.0%$/, '%');
    case 'cost_per_execution':
      return formatCost(value);
    case 'evaluator_lag':
      return formatDuration(value * 1000);
    case 'slo_burn':
    case 'latency_drift':
      // A burn rate, and the p95 ratio of a drifting series (0 while none drifts).
      return `${significant(value)}×`;
    case 'pii_found':
    case 'loops':
    case 'judge_unavailable':
      return Number.isInteger(value) ? formatInteger(value) : significant(value);
    default:
      return significant(value);
  }
}

/** "12% > 5%": the value, the rule's operator and its threshold, in the metric's unit. */
export function formatCondition(a: Pick<Alert, 'metric' | 'value' | 'threshold' | 'op'>): string {
  return `${formatMetricValue(a.metric, a.value)} ${a.op === 'below' ? '<' : '>'} ${formatMetricValue(a.metric, a.threshold)}`;
}

/** What events need to read like their alert: the rule's metric and operator, by rule name. */
export type RuleShape = Pick<Alert, 'metric' | 'op'>;

export function ruleShapes(alerts: readonly Alert[]): Map<string, RuleShape> {
  return new Map(alerts.map((a) => [a.rule, { metric: a.metric, op: a.op }]));
}

/** An event's value against its threshold; plain numbers when its rule is no longer known. */
export function eventCondition(e: Pick<AlertEvent, 'value' | 'threshold'>, shape: RuleShape | undefined): string {
  if (shape) return formatCondition({ ...shape, value: e.value, threshold: e.threshold });
  return `${significant(e.value)} vs ${significant(e.threshold)}`;
}

export const METRIC_NAMES: Record<Metric, string> = {
  hallucination_rate: 'hallucination rate',
  latency_drift: 'latency drift',
  slo_burn: 'SLO burn rate',
  cost_per_execution: 'cost per execution',
  error_rate: 'error rate',
  pii_found: 'PII found',
  loops: 'loops',
  judge_unavailable: 'judge unavailable',
  evaluator_lag: 'evaluator lag',
};

/** "agent=support-bot, model=gpt-4o" (sorted); instance-wide alerts have no labels. */
export function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'all agents';
}

const STATUS_RANK: Record<Alert['status'], number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };
const SEVERITY_RANK: Record<Alert['severity'], number> = { critical: 0, warning: 1, info: 2 };

/** Firing before pending before the rest; critical first; then the newest change first. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      Date.parse(b.since) - Date.parse(a.since) ||
      a.rule.localeCompare(b.rule),
  );
}

/** Whether a silence still holds at `now`. */
export function isSilenced(silencedUntil: string | null, now: number): boolean {
  return silencedUntil !== null && Date.parse(silencedUntil) > now;
}

/** Time left until `iso` in words a reader scans: "45 min", "3 h 10 min", "2 d 4 h". */
export function timeLeft(iso: string, now: number): string {
  const minutes = Math.ceil((Date.parse(iso) - now) / 60_000);
  if (!Number.isFinite(minutes) || minutes <= 0) return 'ended';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export const SILENCE_CHOICES = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 480, label: '8 hours' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 10_080, label: '7 days' },
] as const;

// ---- Timeline ------------------------------------------------------------------------------

export interface Interval {
  kind: 'pending' | 'firing';
  start: number;
  end: number;
  /** Began before the first loaded event (or the range): the start is the chart's edge. */
  openStart: boolean;
  /** Still pending or firing at the end of the range. */
  openEnd: boolean;
}

export interface LaneMark {
  at: number;
  kind: AlertEvent['kind'];
  notified: boolean;
}

export interface Lane {
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  severity: Alert['severity'];
  intervals: Interval[];
  /** Events that notified (or would have): firing, reminders, resolves. */
  marks: LaneMark[];
  /** Pending or firing at the end of the range. */
  now: 'firing' | 'pending' | null;
  lastAt: number;
}

const KIND_ORDER: Record<AlertEvent['kind'], number> = { pending: 0, firing: 1, renotify: 2, resolved: 3, inactive: 4 };

/**
 * One lane per alert (rule and label set) with its pending and firing intervals between `from`
 * and `to`. An interval still open at the end runs to `to`; one that ends in view with no start
 * in view began before `from` (or before the oldest loaded event) and starts at the edge. Current
 * alerts without events in view (pending or firing since before `from`) get a lane across it.
 */
export function buildLanes(events: readonly AlertEvent[], window: { from: number; to: number }, current: readonly Alert[] = []): Lane[] {
  const byFingerprint = new Map<string, AlertEvent[]>();
  for (const event of events) {
    const at = Date.parse(event.at);
    if (!Number.isFinite(at) || at < window.from || at > window.to) continue;
    const list = byFingerprint.get(event.fingerprint) ?? [];
    list.push(event);
    byFingerprint.set(event.fingerprint, list);
  }
  const lanes = [...byFingerprint.values()].map((list) => laneOf(list, window));
  const seen = new Set(byFingerprint.keys());
  for (const alert of current) {
    if (seen.has(alert.fingerprint) || (alert.status !== 'pending' && alert.status !== 'firing')) continue;
    const since = Date.parse(alert.status === 'firing' ? (alert.firingSince ?? alert.since) : alert.since);
    if (!Number.isFinite(since) || since > window.to) continue;
    const start = Math.max(since, window.from);
    lanes.push({
      fingerprint: alert.fingerprint,
      rule: alert.rule,
      labels: alert.labels,
      severity: alert.severity,
      intervals: [{ kind: alert.status, start, end: window.to, openStart: since < window.from, openEnd: true }],
      marks: [],
      now: alert.status,
      lastAt: since,
    });
  }
  const rank = (lane: Lane) => (lane.now === 'firing' ? 0 : lane.now === 'pending' ? 1 : 2);
  return lanes.sort((a, b) => rank(a) - rank(b) || b.lastAt - a.lastAt || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
}

/** A lane in words, for screen readers and the label's title: "firing now; fired 2 times in view". */
export function describeLane(lane: Pick<Lane, 'intervals' | 'now'>): string {
  const count = (kind: Interval['kind']) => lane.intervals.filter((i) => i.kind === kind).length;
  const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
  const parts = [lane.now ? `${lane.now} now` : 'not active now'];
  if (count('firing')) parts.push(`fired ${times(count('firing'))} in view`);
  if (count('pending')) parts.push(`pending ${times(count('pending'))}`);
  return parts.join('; ');
}

export interface LabelSpan {
  x0: number;
  x1: number;
  text: string;
  /** Lower ranks are placed first where words compete for room (firing before pending). */
  rank?: number;
}
export interface PlacedLabel {
  x: number;
  anchor: 'start' | 'end';
  inside: boolean;
  text: string;
}

/**
 * Where each interval's word goes in its lane (pixels): inside the bar when it fits, else just
 * right of it, else just left of it, never over another bar or word; null when there is no room
 * (the hover title and the event list still say it). Widths are estimated from the text length.
 */
export function placeLabels(spans: readonly LabelSpan[], width: number, charWidth = 6.5): (PlacedLabel | null)[] {
  const GAP = 4;
  const taken: [number, number][] = [];
  const free = (a: number, b: number, own: number) =>
    a >= 0 && b <= width && spans.every((s, j) => j === own || b <= s.x0 || a >= s.x1) && taken.every(([t0, t1]) => b <= t0 || a >= t1);
  const placed: (PlacedLabel | null)[] = spans.map(() => null);
  const order = spans.map((_, i) => i).sort((a, b) => (spans[a]!.rank ?? 0) - (spans[b]!.rank ?? 0) || a - b);
  for (const i of order) {
    const { x0, x1, text } = spans[i]!;
    const need = text.length * charWidth;
    const candidates: [number, number, PlacedLabel][] = [
      [x0 + GAP, x0 + GAP + need, { x: x0 + GAP, anchor: 'start', inside: true, text }],
      [x1 + GAP, x1 + GAP + need, { x: x1 + GAP, anchor: 'start', inside: false, text }],
      [x0 - GAP - need, x0 - GAP, { x: x0 - GAP, anchor: 'end', inside: false, text }],
    ];
    const fits = ([a, b, label]: [number, number, PlacedLabel]) => (label.inside ? b + GAP <= x1 && free(a, b, i) : free(a, b, i));
    const found = candidates.find(fits);
    if (found) {
      taken.push([found[0], found[1]]);
      placed[i] = found[2];
    }
  }
  return placed;
}

interface OpenInterval {
  kind: 'pending' | 'firing';
  start: number;
  openStart: boolean;
}

function laneOf(list: AlertEvent[], window: { from: number; to: number }): Lane {
  const sorted = list
    .map((event) => ({ event, at: Date.parse(event.at) }))
    .sort((a, b) => a.at - b.at || KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind]);
  const intervals: Interval[] = [];
  const marks: LaneMark[] = [];
  let open: OpenInterval | null = null;
  const close = (current: OpenInterval | null, at: number): null => {
    if (current) intervals.push({ ...current, end: at, openEnd: false });
    return null;
  };
  // Before the first event, the lane's state is unknown: a resolve or a reminder first means it was
  // firing since before the edge, an "inactive" first means it was pending.
  const edge = (kind: OpenInterval['kind']): OpenInterval => ({ kind, start: window.from, openStart: true });
  const startAt = (kind: OpenInterval['kind'], at: number): OpenInterval => ({ kind, start: at, openStart: false });

  for (const [index, { event, at }] of sorted.entries()) {
    const first = index === 0;
    switch (event.kind) {
      case 'pending':
        open ??= startAt('pending', at);
        break;
      case 'firing':
      case 'renotify':
        if (open?.kind === 'firing') break;
        if (!open && first && event.kind === 'renotify') {
          open = edge('firing');
          break;
        }
        close(open, at);
        open = startAt('firing', at);
        break;
      case 'resolved':
      case 'inactive':
        if (!open && first) open = edge(event.kind === 'resolved' ? 'firing' : 'pending');
        open = close(open, at);
        break;
    }
    if (event.kind !== 'pending' && event.kind !== 'inactive') marks.push({ at, kind: event.kind, notified: event.notified });
  }
  if (open) intervals.push({ ...open, end: window.to, openEnd: true });
  const last = sorted.at(-1)!;
  return {
    fingerprint: last.event.fingerprint,
    rule: last.event.rule,
    labels: last.event.labels,
    severity: last.event.severity,
    intervals,
    marks,
    now: open?.kind ?? null,
    lastAt: last.at,
  };
}

// ---- Links ---------------------------------------------------------------------------------

/** The alerts page with `fingerprint` selected, keeping the page's other parameters. */
export function alertHref(query: URLSearchParams, fingerprint: string | null): string {
  const next = new URLSearchParams(query);
  if (fingerprint) next.set('alert', fingerprint);
  else next.delete('alert');
  const search = next.toString();
  return `/alerts${search ? `?${search}` : ''}`;
}

/**
 * A server-made absolute link (built from the public base URL) as a path in this app, so it opens
 * here whatever host the notifications name. Only same-app paths: anything else gives null.
 */
export function appPath(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, 'http://vigil.invalid');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    if (!parsed.pathname.startsWith('/') || parsed.pathname.startsWith('//') || parsed.pathname.startsWith('/api/')) return null;
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return null;
  }
}

function significant(value: number): string {
  if (value === 0) return '0';
  return String(Number(value.toPrecision(Math.abs(value) < 1 ? 2 : 3)));
}
