// Whether each notification reached its channels: the delivery log's attempts folded into one
// outcome per notification and channel (its latest attempt), counted per alert. Pure.
import type { Delivery } from '../../../server/alert-schemas.ts';

export interface NotificationOutcome {
  notificationId: string;
  fingerprint: string;
  channel: string;
  kind: Delivery['kind'];
  /** The latest attempt's state: delivered, still retrying, or failed for good. */
  state: Delivery['state'];
  attempts: number;
  at: string;
}

/** Each notification to each channel, as its latest attempt left it; failed first, newest first. */
export function notificationOutcomes(deliveries: readonly Delivery[]): NotificationOutcome[] {
  const latest = new Map<string, Delivery>();
  for (const d of deliveries) {
    const key = `${d.notificationId}\u0000${d.channel}`;
    const seen = latest.get(key);
    if (!seen || d.attempt > seen.attempt || (d.attempt === seen.attempt && Date.parse(d.at) > Date.parse(seen.at))) latest.set(key, d);
  }
  const rank = { failed: 0, retrying: 1, delivered: 2 } as const;
  return [...latest.values()]
    .map((d) => ({ notificationId: d.notificationId, fingerprint: d.fingerprint, channel: d.channel, kind: d.kind, state: d.state, attempts: d.attempt, at: d.at }))
    .sort((a, b) => rank[a.state] - rank[b.state] || Date.parse(b.at) - Date.parse(a.at));
}

export interface DeliveryCounts {
  delivered: number;
  retrying: number;
  failed: number;
}

/** Notifications (not attempts) by their latest state. */
export function countOutcomes(outcomes: readonly NotificationOutcome[]): DeliveryCounts {
  const counts = { delivered: 0, retrying: 0, failed: 0 };
  for (const o of outcomes) counts[o.state]++;
  return counts;
}

/** Per alert: how its notifications fared, for the "notified?" column of the current alerts. */
export function outcomesByAlert(outcomes: readonly NotificationOutcome[]): Map<string, DeliveryCounts> {
  const byAlert = new Map<string, DeliveryCounts>();
  for (const o of outcomes) {
    const counts = byAlert.get(o.fingerprint) ?? { delivered: 0, retrying: 0, failed: 0 };
    counts[o.state]++;
    byAlert.set(o.fingerprint, counts);
  }
  return byAlert;
}

/** Attempts after which the same notification was tried again on the same channel. */
export function supersededAttempts(deliveries: readonly Delivery[]): Set<string> {
  const last = new Map<string, number>();
  for (const d of deliveries) last.set(`${d.notificationId}\u0000${d.channel}`, Math.max(d.attempt, last.get(`${d.notificationId}\u0000${d.channel}`) ?? 0));
  return new Set(deliveries.filter((d) => d.attempt < last.get(`${d.notificationId}\u0000${d.channel}`)!).map(deliveryKey));
}

export const deliveryKey = (d: Pick<Delivery, 'notificationId' | 'channel' | 'attempt'>): string => `${d.notificationId}/${d.channel}/${d.attempt}`;

/** Newest attempt first; a notification's attempts stay together in attempt order within a time. */
export function sortDeliveries(deliveries: readonly Delivery[]): Delivery[] {
  return [...deliveries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.attempt - a.attempt || a.channel.localeCompare(b.channel));
}
