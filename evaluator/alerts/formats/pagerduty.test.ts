import { describe, expect, it } from 'vitest';
import { notification } from './fixture.ts';
import { buildPagerDuty } from './pagerduty.ts';

type Json = Record<string, any>;
const routingKey = 'R0UT1NGKEY0123456789abcdefABCDEF';

/** Events API v2 request rules (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/). */
function eventProblems(event: Json): string[] {
  const problems: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) problems.push('routing_key: 32-character integration key');
  if (!['trigger', 'acknowledge', 'resolve'].includes(event.event_action)) problems.push('event_action: trigger | acknowledge | resolve');
  if (typeof event.dedup_key !== 'string' || !event.dedup_key || event.dedup_key.length > 255) problems.push('dedup_key: 1..255 chars');
  if (event.event_action !== 'trigger') return problems;
  const payload = event.payload ?? {};
  if (typeof payload.summary !== 'string' || !payload.summary || payload.summary.length > 1024) problems.push('payload.summary: 1..1024 chars');
  if (typeof payload.source !== 'string' || !payload.source) problems.push('payload.source: required');
  if (!['critical', 'error', 'warning', 'info'].includes(payload.severity)) problems.push('payload.severity: critical | error | warning | info');
  if (payload.timestamp !== undefined && Number.isNaN(Date.parse(payload.timestamp))) problems.push('payload.timestamp: ISO 8601');
  for (const name of ['component', 'group', 'class']) if (payload[name] !== undefined && typeof payload[name] !== 'string') problems.push(`payload.${name}: string`);
  if (payload.custom_details !== undefined && (typeof payload.custom_details !== 'object' || payload.custom_details === null)) problems.push('payload.custom_details: object');
  event.links?.forEach((link: Json, i: number) => { if (typeof link.href !== 'string' || (link.text !== undefined && typeof link.text !== 'string')) problems.push(`links[${i}]: {href, text?}`); });
  if (event.client_url !== undefined && !/^https?:\/\//.test(event.client_url)) problems.push('client_url: URL');
  return problems;
}

function trigger(overrides: Parameters<typeof notification>[0] = {}) {
  const event = buildPagerDuty(notification(overrides), routingKey);
  if (event.event_action !== 'trigger') throw new Error(`expected a trigger event, got ${event.event_action}`);
  return event;
}

describe('buildPagerDuty', () => {
  it('triggers a firing alert with the fingerprint as dedup key and Vigil context', () => {
    const event = trigger();
    expect(eventProblems(event)).toEqual([]);
    expect(event).toMatchObject({
      routing_key: routingKey, event_action: 'trigger', dedup_key: notification().fingerprint, client: 'Vigil', client_url: notification().links.alert,
      payload: { source: 'support-bot', severity: 'critical', timestamp: notification().startsAt, component: 'hallucination', group: 'demo', class: 'hallucination-rate' },
    });
    expect(event.payload.custom_details).toMatchObject({ value: 0.12, threshold: 0.05, notification_id: notification().id, policy_hash: 'sha256:5e1d' });
    expect(event.links.map((link) => link.href)).toEqual([notification().links.alert, notification().links.evaluations, ...notification().links.executions.slice(0, 3).map((e) => e.url)]);
  });

  it('resolves with only the routing key, action and dedup key', () => {
    const event = buildPagerDuty(notification({ status: 'resolved', endsAt: '2026-12-02T01:30:00.000Z' }), routingKey);
    expect(eventProblems(event)).toEqual([]);
    expect(event).toEqual({ routing_key: routingKey, event_action: 'resolve', dedup_key: notification().fingerprint });
  });

  it('maps severities and falls back when labels are missing', () => {
    const event = trigger({ severity: 'warning', labels: {} });
    expect(eventProblems(event)).toEqual([]);
    expect(event.payload).toMatchObject({ severity: 'warning', source: 'vigil' });
    expect(event.payload).not.toHaveProperty('component');
    expect(trigger({ severity: 'info' }).payload.severity).toBe('info');
  });

  it('cuts the summary to 1024 characters', () => {
    const event = trigger({ summary: 'x'.repeat(5000) });
    expect(eventProblems(event)).toEqual([]);
    expect(event.payload.summary).toHaveLength(1024);
    expect(event.payload.summary.endsWith('…')).toBe(true);
  });

  it('carries the routing key only as routing_key, as the Events API requires', () => {
    const text = JSON.stringify(buildPagerDuty(notification(), routingKey));
    expect(text.split(routingKey)).toHaveLength(2);
  });
});
