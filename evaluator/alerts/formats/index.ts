// One entry point: a notification and a destination format in, the HTTP body and headers out.
import type { AlertFormat } from '../../../core/policy/alerts.ts';
import { buildAlertmanager } from './alertmanager.ts';
import { buildGeneric } from './generic.ts';
import { toRequest, type AlertNotification, type PayloadRequest } from './notification.ts';
import { buildPagerDuty } from './pagerduty.ts';
import { buildSlack } from './slack.ts';
import { buildTeams } from './teams.ts';

export type { AlertNotification, PayloadRequest } from './notification.ts';
export { verifySignature, VERIFY_SNIPPET } from './generic.ts';

export { ALERT_FORMATS, type AlertFormat } from '../../../core/policy/alerts.ts';

export interface PayloadOptions {
  /** Signing secret; required by 'generic'. */
  secret?: string;
  /** PagerDuty integration (routing) key; required by 'pagerduty'. */
  routingKey?: string;
  /** Receiver name reported in 'alertmanager' payloads; defaults to "vigil". */
  receiver?: string;
  /** Signing time and fallback end time; defaults to the clock. */
  nowSeconds?: number;
}

function required(value: string | undefined, format: AlertFormat, option: keyof PayloadOptions): string {
  // Configuration is validated where destinations are defined; reaching here without it is a bug.
  if (!value) throw new Error(`alert format '${format}' needs options.${option}; set it on the destination`);
  return value;
}

export function buildPayload(format: AlertFormat, notification: AlertNotification, options: PayloadOptions = {}): PayloadRequest {
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  switch (format) {
    case 'generic': return buildGeneric(notification, required(options.secret, format, 'secret'), nowSeconds);
    case 'slack': return toRequest(buildSlack(notification));
    case 'pagerduty': return toRequest(buildPagerDuty(notification, required(options.routingKey, format, 'routingKey')));
    case 'teams': return toRequest(buildTeams(notification));
    case 'alertmanager': return toRequest(buildAlertmanager(notification, options.receiver ?? 'vigil', nowSeconds));
  }
}
