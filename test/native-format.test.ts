// The Native encoder against the real embedded engine: each column type written by
// core/clickhouse/native.ts is read back by the engine, through a staging file, as the same values.
// Values are compared as bytes (hex) or exact integers, never through a lossy text form.
import { describe, expect, it } from 'vitest';
import { INSERT_SETTINGS } from '../core/clickhouse/client.ts';
import {
  dateTime64Column,
  encodeBlock,
  float64Column,
  lowCardinalityKeyMapColumn,
  lowCardinalityStringColumn,
  stringArrayColumn,
  stringColumn,
  uint64Column,
  type NativeColumn,
} from '../core/clickhouse/native.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { useTempStore } from './helpers/store.ts';

const temp = useTempStore('vigil-native-');

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();

/** Strings at every boundary of the encoder: lengths around its fast paths and varint widths, and awkward content. */
const STRINGS = [
  '', 'a', '\n\n', '\0', '\0\n\n\0', '\r\n\t"\\', 'x'.repeat(42), 'x'.repeat(43), 'é'.repeat(42), 'é'.repeat(43),
  'y'.repeat(127), 'y'.repeat(128), 'z'.repeat(256), 'z'.repeat(257), 'w'.repeat(16_384), 'é'.repeat(70_000),
  'naïve café 日本語 😀 🇫🇷', '😀'.repeat(30), 'tail surrogate pair 😀', '\u007f\u0080\u07ff\u0800\uffff',
  '\n'.repeat(5000), `${'\n\n'.repeat(1000)}${'\0'.repeat(1000)}`, 'big '.repeat(750_000),
];

interface TestTable<Row> {
  name: string;
  columns: readonly NativeColumn<Row>[];
}

/** Creates the table, inserts `blocks` (each a list of rows) through one staging file, and returns what the engine stored. */
async function roundTrip<Row>(table: TestTable<Row>, blocks: Row[][], select: string): Promise<Record<string, string>[]> {
  const definition = table.columns.map((c) => `${c.name} ${c.type}`).join(', ');
  await temp.store.client.command({ query: `CREATE TABLE ${table.name} (n UInt32, ${definition}) ENGINE = MergeTree ORDER BY n` });
  const names = table.columns.map((c) => c.name).join(', ');
  const parts = blocks.map((rows) => encodeBlock(rows, table.columns));
  await temp.store.staged!(parts, (path) =>
    temp.store.client.command({
      query: `INSERT INTO ${table.name} (n, ${names}) SELECT rowNumberInAllBlocks(), ${names} FROM file({path: String}, 'Native')`,
      query_params: { path },
      clickhouse_settings: INSERT_SETTINGS,
    }),
  );
  return queryRows<Record<string, string>>(temp.store.client, `SELECT ${select} FROM ${table.name} ORDER BY n`);
}

describe('Native encoder, read back by the engine', () => {
  it('String: every byte of every value, including newlines, NULs, multi-byte and 3 MB values', async () => {
    const stored = await roundTrip({ name: 't_string', columns: [stringColumn<string>('s', (v) => v)] }, [STRINGS], 'hex(s) AS h, length(s) AS bytes');
    expect(stored.map((r) => r.h)).toEqual(STRINGS.map(hex));
    expect(stored.map((r) => Number(r.bytes))).toEqual(STRINGS.map((s) => Buffer.byteLength(s)));
  });

  it('String: a lone UTF-16 surrogate is stored as U+FFFD, the rest of the value intact', async () => {
    const values = ['a\ud800b', '\udc00', `${'x'.repeat(300)}\ud83d`];
    const stored = await roundTrip({ name: 't_surrogate', columns: [stringColumn<string>('s', (v) => v)] }, [values], 'hex(s) AS s');
    expect(stored.map((r) => r.s)).toEqual(['61EFBFBD62', 'EFBFBD', `${'78'.repeat(300)}EFBFBD`]);
  });

  it('LowCardinality(String): 8-, 16- and 32-bit indexes, repeated and empty values', async () => {
    const small = ['', 'openai', 'anthropic', 'openai', '', '😀 model'];
    const medium = Array.from({ length: 1000 }, (_, i) => `model-${i % 300}`);
    const large = Array.from({ length: 70_000 }, (_, i) => `value-${i}\n\n`);
    const stored = await roundTrip(
      { name: 't_lowcard', columns: [lowCardinalityStringColumn<string>('s', (v) => v)] },
      [small, medium, large],
      'hex(toString(s)) AS s',
    );
    expect(stored.map((r) => r.s)).toEqual([...small, ...medium, ...large].map(hex));
  });

  it('UInt64 and Float64: exact at the 32-bit boundary and up to 2^53', async () => {
    const values = [0, 1, 2570, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1, 0x0a0a0a0a0a0a];
    const floats = [0, 1.5, 1e-300, 123456.789, 2 ** 60, 0.1 + 0.2, Number.MAX_VALUE, 5e-324];
    const stored = await roundTrip(
      { name: 't_numbers', columns: [uint64Column<number>('u', (v) => v), float64Column<number>('f', (v) => floats[values.indexOf(v)]!)] },
      [values],
      'toString(u) AS u, hex(f) AS f',
    );
    expect(stored.map((r) => r.u)).toEqual(values.map(String));
    const floatHex = (f: number) => {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(f);
      return b.toString('hex').toUpperCase();
    };
    expect(stored.map((r) => r.f)).toEqual(floats.map(floatHex));
  });

  it("DateTime64(9, 'UTC'): the nanosecond integer as sent", async () => {
    const values = [0n, 1n, 5n, 1_749_988_800_123_456_789n, 0x0a0a_0a0a_0a0a_0a0an, 4_102_444_800_000_000_000n];
    const stored = await roundTrip({ name: 't_time', columns: [dateTime64Column<bigint>('t', 9, (v) => v)] }, [values], 'toString(toUnixTimestamp64Nano(t)) AS t');
    expect(stored.map((r) => r.t)).toEqual(values.map(String));
  });

  it('Array(String): empty arrays, empty strings and large items', async () => {
    const values: string[][] = [[], [''], ['a', '\n\n', 'é😀'], [], ['x'.repeat(100_000)], Array.from({ length: 300 }, (_, i) => `d${i}`)];
    const stored = await roundTrip({ name: 't_array', columns: [stringArrayColumn<string[]>('a', (v) => v)] }, [values], 'arrayMap(x -> hex(x), a) AS a');
    expect(stored.map((r) => r.a)).toEqual(values.map((items) => items.map(hex)));
  });

  it('Map(LowCardinality(String), String): blocks whose maps are all empty, mixed, and with many distinct keys', async () => {
    type Row = Record<string, string>;
    const allEmpty: Row[] = [{}, {}, {}];
    const mixed: Row[] = [{}, { 'gen_ai.system': 'openai', '': '', 'k\n\nk': 'v\0\n\nv' }, {}, { 'ключ 😀': 'значение', __proto__x: 'p' }];
    const manyKeys: Row[] = [Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`key.${i}`, `value ${i}\n\n`])), { only: 'x'.repeat(200_000) }];
    const column = lowCardinalityKeyMapColumn<Row>('m', (r) => r);
    const stored = await roundTrip({ name: 't_map', columns: [column] }, [allEmpty, mixed, manyKeys], 'arrayMap(k -> hex(toString(k)), mapKeys(m)) AS k, arrayMap(v -> hex(v), mapValues(m)) AS v');
    const rows = [...allEmpty, ...mixed, ...manyKeys];
    expect(stored.map((r) => [r.k, r.v])).toEqual(rows.map((row) => [Object.keys(row).map(hex), Object.values(row).map(hex)]));
  });

  it('Map: a null-prototype record keeps its `__proto__` key', async () => {
    const record = Object.create(null) as Record<string, string>;
    record['__proto__'] = 'kept';
    const stored = await roundTrip({ name: 't_proto', columns: [lowCardinalityKeyMapColumn<Record<string, string>>('m', (r) => r)] }, [[record]], "m['__proto__'] AS v");
    expect(stored).toEqual([{ v: 'kept' }]);
  });
});
