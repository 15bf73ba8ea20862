import { describe, expect, it } from 'vitest';
import { buildAlertmanager, ZERO_TIME } from './alertmanager.ts';
import { notification } from './fixture.ts';

type Json = Record<string, any>;
const now = 1_795_000_000;

const isStringMap = (value: unknown) => typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
const isTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** The webhook_config payload, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
function webhookProblems(payload: Json): string[] {
  const problems: string[] = [];
  if (payload.version !== '4') problems.push('version: "4"');
  for (const name of ['groupKey', 'receiver', 'externalURL']) if (typeof payload[name] !== 'string' || !payload[name]) problems.push(`${name}: string`);
  if (!Number.isInteger(payload.truncatedAlerts)) problems.push('truncatedAlerts: integer');
  if (!['firing', 'resolved'].includes(payload.status)) problems.push('status: firing | resolved');
  for (const name of ['groupLabels', 'commonLabels', 'commonAnnotations']) if (!isStringMap(payload[name])) problems.push(`${name}: string map`);
  if (!Array.isArray(payload.alerts) || payload.alerts.length === 0) return [...problems, 'alerts: non-empty array'];
  payload.alerts.forEach((alert: Json, i: number) => {
    if (!['firing', 'resolved'].includes(alert.status)) problems.push(`alerts[${i}].status`);
    if (!isStringMap(alert.labels) || !alert.labels.alertname) problems.push(`alerts[${i}].labels: string map with alertname`);
    if (!isStringMap(alert.annotations)) problems.push(`alerts[${i}].annotations: string map`);
    if (!isTime(alert.startsAt) || !isTime(alert.endsAt)) problems.push(`alerts[${i}]: startsAt and endsAt are RFC 3339 times`);
    if (typeof alert.generatorURL !== 'string' || typeof alert.fingerprint !== 'string') problems.push(`alerts[${i}]: generatorURL and fingerprint strings`);
  });
  const expectedKeys = ['version', 'groupKey', 'truncatedAlerts', 'status', 'receiver', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'alerts'];
  if (Object.keys(payload).sort().join() !== expectedKeys.sort().join()) problems.push(`keys: exactly ${expectedKeys.join(', ')}`);
  return problems;
}

describe('buildAlertmanager', () => {
  it('builds a version 4 payload whose alert carries alertname, severity, summary and the zero end time', () => {
    const payload = buildAlertmanager(notification(), 'ops', now);
    expect(webhookProblems(payload)).toEqual([]);
    expect(payload).toMatchObject({ status: 'firing', receiver: 'ops', externalURL: 'https://vigil.example.com', truncatedAlerts: 0 });
    expect(payload.alerts).toEqual([{
      status: 'firing',
      labels: { agent: 'support-bot', check: 'hallucination', project: 'demo', alertname: 'hallucination-rate', severity: 'critical' },
      annotations: { summary: notification().summary, description: notification().description },
      startsAt: notification().startsAt,
      endsAt: ZERO_TIME,
      generatorURL: notification().links.alert,
      fingerprint: notification().fingerprint,
    }]);
    expect(payload.groupKey).toBe('{}:{agent="support-bot", alertname="hallucination-rate", check="hallucination", project="demo", severity="critical"}');
  });

  it('reports a resolved alert with its end time, or now when it has none', () => {
    const resolved = buildAlertmanager(notification({ status: 'resolved', endsAt: '2026-12-02T01:30:00.000Z' }), 'ops', now);
    expect(webhookProblems(resolved)).toEqual([]);
    expect(resolved.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2026-12-02T01:30:00.000Z' });
    expect(buildAlertmanager(notification({ status: 'resolved' }), 'ops', now).alerts[0]!.endsAt).toBe(new Date(now * 1000).toISOString());
  });

  it('lets the rule name and severity win over user labels of the same name, and omits an absent description', () => {
    const payload = buildAlertmanager(notification({ labels: { alertname: 'spoofed', severity: 'info' }, description: undefined }), 'ops', now);
    expect(webhookProblems(payload)).toEqual([]);
    expect(payload.commonLabels).toEqual({ alertname: 'hallucination-rate', severity: 'critical' });
    expect(payload.commonAnnotations).toEqual({ summary: notification().summary });
  });
});
