import { describe, expect, it } from 'vitest';
import { KeyRing } from './keyring.ts';
import type { ApiKeyRecord } from './repository.ts';
import { bearerToken, generateApiKey, hashApiKey } from './keys.ts';

describe('KeyRing', () => {
  it('resolves known keys and reloads for unknown ones at most once per interval', async () => {
    const key = generateApiKey();
    const table: ApiKeyRecord[] = [{ keySha256: hashApiKey(key), projectId: 'p1', scope: 'admin' }];
    let loads = 0;
    let clock = 10_000;
    const ring = new KeyRing(async () => (loads++, [...table]), { minReloadMs: 1000, now: () => clock });
    await ring.refresh();
    expect((await ring.lookup(key))?.projectId).toBe('p1');
    expect(await ring.lookup('vgl_unknown')).toBeUndefined();
    expect(await ring.lookup('vgl_unknown2')).toBeUndefined();
    expect(loads).toBe(1);

    const later = generateApiKey();
    table.push({ keySha256: hashApiKey(later), projectId: 'p2', scope: 'ingest' });
    clock += 1500;
    expect(await ring.lookup(later)).toMatchObject({ projectId: 'p2', scope: 'ingest' });
    expect(loads).toBe(2);
  });

  it('parses bearer tokens strictly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
