// Prometheus Alertmanager webhook payload, version 4
// (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config), so receivers written
// for Alertmanager accept Vigil alerts unchanged. Each message carries one alert, so the group is
// that alert: groupLabels, commonLabels and commonAnnotations are its own.
import type { AlertNotification } from './notification.ts';

/** Alertmanager's zero time, sent as endsAt while an alert is firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Go's LabelSet.String(): sorted `name="value"` pairs, values quoted like %q. */
const labelSetString = (labels: Record<string, string>) =>
  `{${Object.keys(labels).sort().map((name) => `${name}=${JSON.stringify(labels[name])}`).join(', ')}}`;

export function buildAlertmanager(notification: AlertNotification, receiver: string, nowSeconds: number) {
  // The rule name and severity win over same-named user labels: receivers route on them.
  const labels = { ...notification.labels, alertname: notification.rule, severity: notification.severity };
  const annotations: Record<string, string> = { summary: notification.summary };
  if (notification.description) annotations.description = notification.description;
  const endsAt = notification.status === 'firing' ? ZERO_TIME : (notification.endsAt ?? new Date(nowSeconds * 1000).toISOString());
  return {
    version: '4',
    groupKey: `{}:${labelSetString(labels)}`,
    truncatedAlerts: 0,
    status: notification.status,
    receiver,
    groupLabels: labels,
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: new URL(notification.links.alert).origin,
    alerts: [{
      status: notification.status,
      labels,
      annotations,
      startsAt: notification.startsAt,
      endsAt,
      generatorURL: notification.links.alert,
      fingerprint: notification.fingerprint,
    }],
  };
}
