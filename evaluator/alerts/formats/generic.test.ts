import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { notification } from './fixture.ts';
import { buildGeneric, verifySignature, VERIFY_SNIPPET } from './generic.ts';

const secret = 'whsec_test_secret';
const now = 1_795_000_000;

describe('buildGeneric', () => {
  const request = buildGeneric(notification(), secret, now);

  it('sends the whole notification as versioned JSON with signature and idempotency headers', () => {
    expect(JSON.parse(request.body)).toEqual({ version: 'vigil.alert.v1', ...notification() });
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['X-Vigil-Idempotency-Key']).toBe(notification().id);
    expect(request.headers['X-Vigil-Signature']).toMatch(new RegExp(`^t=${now},v1=[0-9a-f]{64}$`));
  });

  it('never puts the secret in the body or headers', () => {
    expect(JSON.stringify(request)).not.toContain(secret);
  });
});

describe('verifySignature', () => {
  const { body, headers } = buildGeneric(notification(), secret, now);
  const header = headers['X-Vigil-Signature']!;

  it('accepts the body it signed, within the replay window either side', () => {
    expect(verifySignature(secret, header, body, now)).toEqual({ ok: true });
    expect(verifySignature(secret, header, body, now + 300)).toEqual({ ok: true });
    expect(verifySignature(secret, header, body, now - 300)).toEqual({ ok: true });
  });

  it('rejects a tampered body, a wrong secret and a stale or future timestamp', () => {
    const tampered = body.replace('"critical"', '"info"');
    expect(tampered).not.toBe(body);
    expect(verifySignature(secret, header, tampered, now)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(verifySignature('whsec_other', header, body, now)).toMatchObject({ ok: false });
    expect(verifySignature(secret, header, body, now + 301)).toMatchObject({ ok: false, reason: expect.stringContaining('replay window') });
    expect(verifySignature(secret, header, body, now - 301)).toMatchObject({ ok: false });
    expect(verifySignature(secret, header, body, now + 1000, 2000)).toEqual({ ok: true });
  });

  it('rejects a replayed signature moved to a new timestamp', () => {
    const v1 = header.split('v1=')[1];
    expect(verifySignature(secret, `t=${now + 60},v1=${v1}`, body, now + 60)).toMatchObject({ ok: false });
  });

  it('rejects malformed headers and accepts any of several v1 signatures (secret rotation)', () => {
    for (const bad of ['', 'v1=abc', `t=${now}`, `t=soon,v1=00`, `t=${now},v1=zz`]) expect(verifySignature(secret, bad, body, now).ok).toBe(false);
    expect(verifySignature(secret, `t=${now},v1=${'0'.repeat(64)},${header.split(',')[1]}`, body, now)).toEqual({ ok: true });
  });
});

describe('VERIFY_SNIPPET', () => {
  it('is short and, run as a module, agrees with verifySignature', async () => {
    expect(VERIFY_SNIPPET.trim().split('\n').length).toBeLessThanOrEqual(15);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-snippet-'));
    writeFileSync(join(dir, 'verify.mjs'), VERIFY_SNIPPET);
    const { verifyVigilSignature } = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'verify.mjs')).href);
    rmSync(dir, { recursive: true });
    const fresh = buildGeneric(notification(), secret, Math.floor(Date.now() / 1000));
    const freshHeader = fresh.headers['X-Vigil-Signature'];
    expect(verifyVigilSignature(secret, freshHeader, fresh.body)).toBe(true);
    expect(verifyVigilSignature(secret, freshHeader, `${fresh.body} `)).toBe(false);
    expect(verifyVigilSignature('whsec_other', freshHeader, fresh.body)).toBe(false);
    const old = buildGeneric(notification(), secret, now); // signed long before the clock's now
    expect(verifyVigilSignature(secret, old.headers['X-Vigil-Signature'], old.body)).toBe(false);
  });
});
