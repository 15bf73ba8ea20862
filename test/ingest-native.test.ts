// Every acknowledged span is stored, byte for byte, on the Native path: the collector writes binary
// blocks to a staging file, and chdb is known to truncate binary data passed inline at the first
// "\n\n" — so the payloads here are full of newlines, NULs, lone surrogates, huge values and
// empty maps, and the stored typed columns are compared as bytes with what the collector accepted.
// The views fed by `spans` must hold the same whichever encoding inserted the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedWindow, prepareRows } from '../collector/ingest.ts';
import { decodeTraceRequestJson } from '../collector/otlp/decode-json.ts';
import { normalizeSpan } from '../collector/semconv/normalize.ts';
import { queryRows } from '../core/clickhouse/query.ts';
import { createPricing } from '../core/pricing/index.ts';
import { jsonSpans, nativeSpans } from '../core/spans/insert.ts';
import { SPAN_COLUMN_NAMES, SPAN_COLUMNS } from '../core/spans/native.ts';
import type { SpanRow } from '../core/spans/row.ts';
import { newSpanId, newTraceId } from './helpers/otlp-json.ts';
import { startTestVigil, type TestVigil } from './helpers/vigil.ts';

let vigil: TestVigil;
beforeAll(async () => {
  vigil = await startTestVigil();
});
afterAll(async () => {
  await vigil?.close();
});

const NOW = BigInt(Date.now()) * 1_000_000n;
const NASTY = [
  '\n\n', '\n\n\n\n\n\n', '\0', '\0\0\n\n\0', 'a\r\n\r\nb', '"\\\'', 'naïve café 日本語 😀', 'lone \ud800 surrogate', '\udfff',
  `${'\n\n'.repeat(20_000)}end`, 'x'.repeat(300_000), '',
];
const string = (value: string) => ({ stringValue: value });

/**
 * A lone surrogate is the one value the two encodings store differently: Native holds U+FFFD (the
 * UTF-8 encoder's replacement), JSONEachRow kept the escape's text or invalid UTF-8 (ED BF BF).
 */
const SURROGATE_FREE = NASTY.filter((text) => !/[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));

/** One request of `count` spans whose every text field carries the nasty strings, in turn. */
function nastyRequest(traceId: string, count: number, offset: number, strings = NASTY): unknown {
  const pick = (i: number, k: number) => strings[(i + k + offset) % strings.length]!;
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: newSpanId(),
    parentSpanId: i === 0 && offset === 0 ? '' : '0a0a0a0a0a0a0a0a',
    name: `span ${offset}-${i} ${pick(i, 0)}`,
    kind: (i % 5) + 1,
    // Times and integers whose little-endian bytes hold "\n\n" (0x0a0a).
    startTimeUnixNano: String(NOW + 0x0a0an * BigInt(i)),
    endTimeUnixNano: String(NOW + 0x0a0a0an + 0x0a0an * BigInt(i)),
    attributes:
      i % 4 === 3
        ? [] // an empty attribute map
        : [
            { key: 'gen_ai.operation.name', value: string('chat') },
            { key: 'gen_ai.request.model', value: string(`model ${pick(i, 1)}`.slice(0, 64)) },
            { key: 'gen_ai.usage.input_tokens', value: { intValue: String(0x0a0a + i) } },
            { key: 'gen_ai.usage.output_tokens', value: { intValue: '2570' } },
            { key: 'gen_ai.input.messages', value: string(JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: pick(i, 2) }] }])) },
            { key: `custom.${pick(i, 3).slice(0, 40)}`, value: string(pick(i, 4)) },
            { key: 'custom.huge', value: string(i % 7 === 0 ? 'h\n\n'.repeat(200_000) : pick(i, 5)) },
            { key: 'custom.unicode.ключ', value: string('значение 😀\n\n') },
          ],
    events: i % 2 === 0 ? [{ timeUnixNano: String(NOW), name: `event ${pick(i, 6)}`, attributes: [{ key: 'e', value: string(pick(i, 7)) }] }] : [],
    status: i % 3 === 0 ? { code: 2, message: pick(i, 8) } : {},
  }));
  return {
    resourceSpans: [
      {
        // Every other request sends no resource attributes at all: an empty map.
        resource: { attributes: offset % 2 === 0 ? [{ key: 'service.name', value: string(`svc ${pick(0, 9)}`.slice(0, 80)) }, { key: 'r\n\nk', value: string(pick(0, 10)) }] : [] },
        scopeSpans: [{ scope: { name: `scope ${pick(0, 11)}`.slice(0, 50), version: '1\n\n0' }, spans }],
      },
    ],
  };
}

/** Every column of a row as the bytes (hex) or exact integers the engine holds; JSON output never decides a byte. */
const STORED_COLUMNS = `span_id AS key,
  hex(project_id) AS project_id, hex(trace_id) AS trace_id, hex(span_id) AS span_id, hex(parent_span_id) AS parent_span_id, hex(name) AS name,
  hex(toString(kind)) AS kind, hex(toString(span_type)) AS span_type, hex(toString(service_name)) AS service_name, hex(toString(agent_name)) AS agent_name,
  hex(toString(operation)) AS operation, hex(toString(provider)) AS provider, hex(toString(model)) AS model,
  toString(toUnixTimestamp64Nano(start_time)) AS start_time, toString(toUnixTimestamp64Nano(end_time)) AS end_time, toString(duration_ns) AS duration_ns,
  hex(toString(status_code)) AS status_code, hex(status_message) AS status_message,
  toString(input_tokens) AS input_tokens, toString(output_tokens) AS output_tokens, toString(cached_tokens) AS cached_tokens, toString(reasoning_tokens) AS reasoning_tokens,
  hex(cost_usd) AS cost_usd, hex(toString(cost_status)) AS cost_status, hex(session_id) AS session_id, hex(user_id) AS user_id, hex(toString(outcome)) AS outcome,
  hex(input_text) AS input_text, hex(output_text) AS output_text, hex(input_messages) AS input_messages, hex(output_messages) AS output_messages,
  hex(toString(tool_name)) AS tool_name, hex(tool_call_id) AS tool_call_id, arrayMap(d -> hex(d), documents) AS documents,
  arrayMap(k -> hex(toString(k)), mapKeys(attributes)) AS attribute_keys, arrayMap(v -> hex(v), mapValues(attributes)) AS attribute_values,
  arrayMap(k -> hex(toString(k)), mapKeys(resource_attributes)) AS resource_keys, arrayMap(v -> hex(v), mapValues(resource_attributes)) AS resource_values,
  hex(toString(scope_name)) AS scope_name, hex(toString(scope_version)) AS scope_version, hex(events) AS events, hex(links) AS links`;

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();
const float64Hex = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return bytes.toString('hex').toUpperCase();
};

/** What the engine should hold for a row, in the form STORED_COLUMNS reads it. */
function expected(row: SpanRow): Record<string, unknown> {
  const out: Record<string, unknown> = { key: row.span_id };
  for (const [column, value] of Object.entries(row)) {
    if (column === 'attributes' || column === 'resource_attributes') continue;
    if (column === 'documents') out[column] = (value as string[]).map(hex);
    else if (column === 'cost_usd') out[column] = float64Hex(value as number);
    else if (typeof value === 'number' || column === 'start_time' || column === 'end_time') out[column] = String(BigInt(value as string | number));
    else out[column] = hex(value as string);
  }
  out.attribute_keys = Object.keys(row.attributes).map(hex);
  out.attribute_values = Object.values(row.attributes).map(hex);
  out.resource_keys = Object.keys(row.resource_attributes).map(hex);
  out.resource_values = Object.values(row.resource_attributes).map(hex);
  return out;
}

async function storedRows(projectId: string, traceId: string): Promise<Record<string, unknown>[]> {
  await vigil.flush();
  // The aliases reuse the column names: the columns win inside expressions.
  return queryRows(
    vigil.vigil.store.client,
    `SELECT ${STORED_COLUMNS} FROM spans WHERE project_id = {projectId: String} AND trace_id = {traceId: String} ORDER BY key SETTINGS prefer_column_name_to_alias = 1`,
    { projectId, traceId },
  );
}

describe('the Native insert path', () => {
  it('is the one the collector uses on the embedded engine', () => {
    expect(vigil.vigil.store.kind).toBe('embedded');
  });

  it('writes every column of the table, with its own types, and every field of a row', async () => {
    // A column added to `spans` or to SpanRow but not to SPAN_COLUMNS would be left at its default.
    const table = await queryRows<{ name: string; type: string }>(vigil.vigil.store.client, "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'spans' AND name != 'ingested_at' ORDER BY position");
    expect(SPAN_COLUMNS.map((c) => ({ name: c.name, type: c.type }))).toEqual(table);
    const row = prepareRows('p', decodeTraceRequestJson(JSON.stringify(nastyRequest(newTraceId(), 1, 0))), (s) => normalizeSpan(s, createPricing())).rows[0]!;
    expect([...SPAN_COLUMN_NAMES].sort()).toEqual(Object.keys(row).sort());
  });

  it('stores every acknowledged span byte for byte, from concurrent requests batched together', async () => {
    const traceId = newTraceId();
    const requests = Array.from({ length: 12 }, (_, r) => nastyRequest(traceId, 40, r));
    const responses = await Promise.all(
      requests.map((body) =>
        fetch(vigil.otlpHttp, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${vigil.key}` } }),
      ),
    );
    const answers = await Promise.all(responses.map(async (response) => ({ status: response.status, body: (await response.json()) as { partialSuccess?: { rejectedSpans?: string } } })));
    expect(answers.map((a) => a.status)).toEqual(requests.map(() => 200));
    expect(answers.every((a) => !a.body.partialSuccess?.rejectedSpans)).toBe(true);

    // The rows the collector accepted, computed again from the same requests.
    const pricing = createPricing();
    const accepted = requests.flatMap((body) => prepareRows('default', decodeTraceRequestJson(JSON.stringify(body)), (s) => normalizeSpan(s, pricing), acceptedWindow(Date.now(), 30)).rows);
    expect(accepted).toHaveLength(12 * 40);
    const stored = await storedRows('default', traceId);
    expect(stored).toHaveLength(accepted.length);
    const want = accepted.map(expected).sort((a, b) => String(a.key).localeCompare(String(b.key)));
    for (let i = 0; i < want.length; i++) expect(stored[i]).toEqual(want[i]);

    // And a few values against the request itself, not through the collector's code.
    const byName = new Map((await queryRows<{ name: string; huge: string; unicode: string; r: string }>(
      vigil.vigil.store.client,
      `SELECT name, attributes['custom.huge'] AS huge, attributes['custom.unicode.ключ'] AS unicode, resource_attributes['r\\n\\nk'] AS r
       FROM spans WHERE project_id = 'default' AND trace_id = {traceId: String}`,
      { traceId },
    )).map((row) => [row.name, row]));
    expect(byName.get(`span 0-0 ${NASTY[0]}`)).toEqual({ name: 'span 0-0 \n\n', huge: 'h\n\n'.repeat(200_000), unicode: 'значение 😀\n\n', r: NASTY[10] });
    expect(byName.get(`span 1-3 ${NASTY[4]}`)).toMatchObject({ huge: '', unicode: '', r: '' }); // no attributes, no resource
  });

  it('accepts one insert spanning more days than the engine allows partitions per insert', async () => {
    const traceId = newTraceId();
    const body = { resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 150 }, (_, i) => {
      // Days ahead, not behind: the retention TTL would drop rows from older days at insert.
      const start = NOW + BigInt(i) * 86_400_000_000_000n;
      return { traceId, spanId: newSpanId(), name: `day ${i}`, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 1000n) };
    }) }] }] };
    const rows = prepareRows('days', decodeTraceRequestJson(JSON.stringify(body)), (s) => normalizeSpan(s, createPricing())).rows;
    await nativeSpans.insert(vigil.vigil.store, [nativeSpans.encode(rows)]);
    const [row] = await queryRows<{ n: string; days: string }>(vigil.vigil.store.client, "SELECT count() AS n, uniq(toDate(start_time)) AS days FROM spans WHERE project_id = 'days'");
    expect(row).toEqual({ n: '150', days: '150' });
  });

  it('feeds the views on spans exactly as the JSON path does', async () => {
    expect(SURROGATE_FREE).toHaveLength(NASTY.length - 2);
    const traceIds = [newTraceId(), newTraceId()];
    const pricing = createPricing();
    const rowsFor = (projectId: string) =>
      traceIds.flatMap((traceId, t) => prepareRows(projectId, decodeTraceRequestJson(JSON.stringify(nastyRequest(traceId, 30, t, SURROGATE_FREE))), (s) => normalizeSpan(s, pricing)).rows);
    const store = vigil.vigil.store;
    // Two projects, the same spans: one inserted as Native blocks (two per file), one as JSON lines.
    const native = rowsFor('via-native');
    await nativeSpans.insert(store, [nativeSpans.encode(native.slice(0, 25)), nativeSpans.encode(native.slice(25))]);
    await jsonSpans.insert(store, [jsonSpans.encode(rowsFor('via-json'))]);

    const views: Record<string, string> = {
      executions: `SELECT trace_id, min(start_time) s, max(end_time) e, max(root_name) r, max(service_name) sv, sum(span_count) n, sum(error_count) err,
                   sum(llm_calls) llm, sum(input_tokens) i, sum(output_tokens) o, sum(cost_usd) c, sum(unpriced_spans) u, max(has_root) h, groupUniqArrayArray(models) m
                   FROM executions WHERE project_id = {p: String} GROUP BY trace_id ORDER BY trace_id`,
      rollup_minute: `SELECT minute, service_name, agent_name, model, span_type, sum(spans) n, sum(errors) e, sum(root_spans) r, sum(input_tokens) i, sum(output_tokens) o,
                      sum(cost_usd) c, sum(unpriced_spans) u, quantilesTDigestMerge(0.5, 0.99)(duration_ms) d
                      FROM rollup_minute WHERE project_id = {p: String} GROUP BY ALL ORDER BY ALL`,
      trace_roots: `SELECT start_time, trace_id, duration_ns, agent_name, status_code FROM trace_roots WHERE project_id = {p: String} ORDER BY ALL`,
      latency_daily: `SELECT day, agent_name, quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(duration_ms) d FROM latency_daily WHERE project_id = {p: String} GROUP BY ALL ORDER BY ALL`,
    };
    for (const [view, query] of Object.entries(views)) {
      const viaNative = await queryRows(store.client, query, { p: 'via-native' });
      const viaJson = await queryRows(store.client, query, { p: 'via-json' });
      if (view !== 'latency_daily') expect(viaNative.length, view).toBeGreaterThan(0);
      expect(viaNative, view).toEqual(viaJson);
    }
  });
});
