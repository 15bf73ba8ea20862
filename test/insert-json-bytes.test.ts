// The server placement's insert of JSONEachRow bytes, run through the same client API on the
// embedded engine (no ClickHouse server here): parts joined in order, every row stored as sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertJsonBytes, openStore, type Store } from '../core/clickhouse/client.ts';
import { queryRows } from '../core/clickhouse/query.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-json-bytes-'));
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir });
  await store.client.command({ query: 'CREATE TABLE lines (n UInt32, text String) ENGINE = MergeTree ORDER BY n' });
});
afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('stores the rows of every part, in order, with newlines and unicode inside values', async () => {
  const texts = ['plain', '\n\n', 'naïve 😀', '{"json":"inside"}', ''];
  const rows = texts.map((text, n) => `${JSON.stringify({ n, text })}\n`);
  await insertJsonBytes(store.client, 'lines', [Buffer.from(rows.slice(0, 2).join('')), Buffer.from(rows.slice(2).join(''))]);
  const stored = await queryRows<{ n: number; text: string }>(store.client, 'SELECT n, text FROM lines ORDER BY n');
  expect(stored).toEqual(texts.map((text, n) => ({ n, text })));
});

it('refuses a table name it would have to quote', async () => {
  await expect(insertJsonBytes(store.client, 'lines; DROP TABLE lines', [Buffer.from('{}\n')])).rejects.toThrow('not a table name');
});
