// PagerDuty Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
// The routing key travels in the body: that is how the Events API authenticates, so this payload
// is a secret in itself and must not be logged or stored as is.
import { fit, MAX_EXECUTION_LINKS, type AlertNotification, type AlertSeverity } from './notification.ts';

// PagerDuty severities are critical | error | warning | info; Vigil has no "error" level.
const SEVERITY: Record<AlertSeverity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };

/** payload.summary is limited to 1024 characters by the Events API. */
export const PAGERDUTY_SUMMARY_MAX = 1024;

export function buildPagerDuty(notification: AlertNotification, routingKey: string) {
  // dedup_key ties the resolve to the trigger it closes; the fingerprint is stable across both.
  const base = { routing_key: routingKey, dedup_key: notification.fingerprint };
  // A resolve needs only the key pair: PagerDuty ignores a payload on resolve.
  if (notification.status === 'resolved') return { ...base, event_action: 'resolve' as const };
  const { labels, links } = notification;
  return {
    ...base,
    event_action: 'trigger' as const,
    payload: {
      summary: fit(notification.summary, PAGERDUTY_SUMMARY_MAX),
      source: labels.agent ?? labels.project ?? 'vigil',
      severity: SEVERITY[notification.severity],
      timestamp: notification.startsAt,
      ...(labels.check ? { component: labels.check } : {}),
      ...(labels.project ? { group: labels.project } : {}),
      class: notification.rule,
      custom_details: {
        rule: notification.rule,
        description: notification.description,
        value: notification.value,
        threshold: notification.threshold,
        labels,
        notification_id: notification.id,
        policy_hash: notification.policyHash,
      },
    },
    links: [
      { href: links.alert, text: 'Alert in Vigil' },
      ...(links.evaluations ? [{ href: links.evaluations, text: 'Evaluations' }] : []),
      ...links.executions.slice(0, MAX_EXECUTION_LINKS).map((execution) => ({ href: execution.url, text: `Trace ${execution.traceId}` })),
    ],
    client: 'Vigil',
    client_url: links.alert,
  };
}
