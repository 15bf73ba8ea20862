import { describe, expect, it } from 'vitest';
import { notification } from './fixture.ts';
import { ALERT_FORMATS, buildPayload, verifySignature } from './index.ts';

const options = { secret: 'whsec_index_secret', routingKey: 'R0UT1NGKEY0123456789abcdefABCDEF', receiver: 'ops', nowSeconds: 1_795_000_000 };

describe('buildPayload', () => {
  it('gives every format a JSON body and content type', () => {
    for (const format of ALERT_FORMATS) {
      const request = buildPayload(format, notification(), options);
      expect(request.headers['Content-Type']).toBe('application/json');
      expect(() => JSON.parse(request.body)).not.toThrow();
    }
  });

  it('signs only the generic format, verifiably', () => {
    const generic = buildPayload('generic', notification(), options);
    expect(verifySignature(options.secret, generic.headers['X-Vigil-Signature']!, generic.body, options.nowSeconds)).toEqual({ ok: true });
    expect(buildPayload('slack', notification(), options).headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('keeps the secret out of every payload and the routing key out of all but PagerDuty', () => {
    for (const format of ALERT_FORMATS) {
      const text = JSON.stringify(buildPayload(format, notification(), options));
      expect(text).not.toContain(options.secret);
      expect(text.includes(options.routingKey)).toBe(format === 'pagerduty');
    }
  });

  it('refuses formats whose secret or key is missing, naming the option', () => {
    expect(() => buildPayload('generic', notification())).toThrow(/options\.secret/);
    expect(() => buildPayload('pagerduty', notification(), { secret: 's' })).toThrow(/options\.routingKey/);
    expect(JSON.parse(buildPayload('alertmanager', notification()).body).receiver).toBe('vigil');
  });
});
