// A realistic notification for the format tests; each test overrides what it is about.
import type { AlertNotification } from './notification.ts';

export function notification(overrides: Partial<AlertNotification> = {}): AlertNotification {
  return {
    id: '0b6f7c1e-4a8e-4d4b-9a57-2f1de0c0a111',
    fingerprint: '9f2c4e1a7b3d5c60',
    status: 'firing',
    rule: 'hallucination-rate',
    severity: 'critical',
    summary: 'hallucination rate 12% > 5% for support-bot over 15 min',
    description: 'Judge-scored answers in the last 15 minutes.',
    labels: { agent: 'support-bot', check: 'hallucination', project: 'demo' },
    value: 0.12,
    threshold: 0.05,
    startsAt: '2026-12-02T01:00:00.000Z',
    links: {
      alert: 'https://vigil.example.com/alerts/9f2c4e1a7b3d5c60',
      evaluations: 'https://vigil.example.com/evaluations?check=hallucination&agent=support-bot',
      executions: ['a1', 'b2', 'c3', 'd4'].map((id) => ({ traceId: `${id}`.padEnd(32, '0'), url: `https://vigil.example.com/traces/${id.padEnd(32, '0')}` })),
    },
    policyHash: 'sha256:5e1d',
    ...overrides,
  };
}

export const SCRIPT = '<script>alert(1)</script> & [click](https://evil.example) *bold* {{DATE(2017-02-14T06:00:00Z)}}';
