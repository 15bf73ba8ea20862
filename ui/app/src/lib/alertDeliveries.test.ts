import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../server/alert-schemas.ts';
import { countOutcomes, notificationOutcomes, outcomesByAlert, sortDeliveries, supersededAttempts } from './alertDeliveries.ts';

const T = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);

const delivery = (id: string, channel: string, attempt: number, state: Delivery['state'], fingerprint = 'a'): Delivery => ({
  notificationId: id,
  fingerprint,
  channel,
  format: 'slack',
  kind: 'firing',
  attempt,
  at: new Date(T('11:00') + attempt * 60_000).toISOString(),
  state,
  httpStatus: state === 'delivered' ? 200 : 500,
  latencyMs: 120,
  error: state === 'delivered' ? '' : 'HTTP 500',
  nextAttemptAt: state === 'retrying' ? new Date(T('11:30')).toISOString() : null,
});

describe('deliveries', () => {
  it('judges each notification per channel by its latest attempt, failures first', () => {
    const outcomes = notificationOutcomes([
      delivery('n1', 'slack', 1, 'retrying'),
      delivery('n1', 'slack', 2, 'delivered'),
      delivery('n1', 'pagerduty', 1, 'retrying'),
      delivery('n1', 'pagerduty', 3, 'failed'),
      delivery('n1', 'pagerduty', 2, 'retrying'),
      delivery('n2', 'slack', 1, 'retrying', 'b'),
    ]);
    expect(outcomes.map((o) => [o.notificationId, o.channel, o.state, o.attempts])).toEqual([
      ['n1', 'pagerduty', 'failed', 3],
      ['n2', 'slack', 'retrying', 1],
      ['n1', 'slack', 'delivered', 2],
    ]);
    expect(countOutcomes(outcomes)).toEqual({ delivered: 1, retrying: 1, failed: 1 });
    expect(outcomesByAlert(outcomes).get('a')).toEqual({ delivered: 1, retrying: 0, failed: 1 });
  });
  it('knows which retrying attempts were followed by another, and lists the newest first', () => {
    const log = [delivery('n1', 'pagerduty', 1, 'retrying'), delivery('n1', 'pagerduty', 2, 'failed'), delivery('n1', 'slack', 1, 'retrying')];
    expect(supersededAttempts(log)).toEqual(new Set(['n1/pagerduty/1']));
    expect(sortDeliveries(log).map((d) => `${d.channel}/${d.attempt}`)).toEqual(['pagerduty/2', 'pagerduty/1', 'slack/1']);
  });
});
