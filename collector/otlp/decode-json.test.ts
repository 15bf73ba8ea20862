import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from './decode-json.ts';
import { OtlpDecodeError } from './model.ts';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

/** A request with the given spans in resourceSpans[0].scopeSpans[0]. */
function requestWith(...spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
}

const camelCaseRequest = {
  resourceSpans: [{
    resource: { attributes: [{ key: 'service.name', value: { stringValue: 'planner' } }], droppedAttributesCount: 0 },
    scopeSpans: [{
      scope: { name: 'agent', version: '1.0' },
      spans: [{
        traceId: TRACE_ID.toUpperCase(), spanId: SPAN_ID, parentSpanId: '00f067aa0ba902b7', traceState: 'v=1',
        name: 'chat', kind: 3, startTimeUnixNano: '1760000000123456789', endTimeUnixNano: 1_760_000_001_000_000_000,
        attributes: [
          { key: 'tokens', value: { intValue: '1250' } },
          { key: 'seed', value: { intValue: -42 } },
          { key: 'temperature', value: { doubleValue: 0.7 } },
          { key: 'stream', value: { boolValue: false } },
          { key: 'finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }, {}] } } },
          { key: 'tool', value: { kvlistValue: { values: [{ key: 'args', value: { kvlistValue: { values: [] } } }] } } },
          { key: 'blob', value: { bytesValue: 'AP8Q' } },
          { key: 'nothing', value: {} },
        ],
        events: [{ timeUnixNano: '5', name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '2' } }] }],
        links: [{ traceId: 'AB'.repeat(16), spanId: 'cd'.repeat(8), attributes: [] }],
        status: { code: 2, message: 'boom' },
      }],
    }],
  }],
};

const expectedSpan = {
  traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: '00f067aa0ba902b7', traceState: 'v=1', name: 'chat', kind: 3,
  startTimeUnixNano: 1_760_000_000_123_456_789n, endTimeUnixNano: 1_760_000_001_000_000_000n,
  attributes: {
    tokens: 1250, seed: -42, temperature: 0.7, stream: false, finish_reasons: ['stop', null], tool: { args: {} },
    blob: new Uint8Array([0x00, 0xff, 0x10]), nothing: null,
  },
  events: [{ timeUnixNano: 5n, name: 'retry', attributes: { attempt: 2 } }],
  links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: {} }],
  status: { code: 2, message: 'boom' },
  resource: { 'service.name': 'planner' },
  scope: { name: 'agent', version: '1.0' },
};

describe('decodeTraceRequestJson', () => {
  it('returns no spans for an empty request', () => {
    expect(decodeTraceRequestJson('{}')).toEqual([]);
    expect(decodeTraceRequestJson('{"resourceSpans":[]}')).toEqual([]);
    expect(decodeTraceRequestJson('{"resourceSpans":[{"scopeSpans":[{}]}]}')).toEqual([]);
  });

  it('decodes the lowerCamelCase encoding: hex ids, string int64, base64 bytes', () => {
    expect(decodeTraceRequestJson(JSON.stringify(camelCaseRequest))).toEqual([expectedSpan]);
  });

  it('accepts the snake_case proto field names and enum names', () => {
    const snakeCase = JSON.stringify(camelCaseRequest)
      .replace(/"([a-z]+[A-Z][A-Za-z]*)":/g, (_, name: string) => `"${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}":`)
      .replace('"kind":3', '"kind":"SPAN_KIND_CLIENT"')
      .replace('"code":2', '"code":"STATUS_CODE_ERROR"');
    expect(snakeCase).toContain('"start_time_unix_nano"');
    expect(snakeCase).toContain('"kvlist_value"');
    expect(decodeTraceRequestJson(snakeCase)).toEqual([expectedSpan]);
  });

  it('treats missing and null fields as defaults and ignores unknown fields', () => {
    const [decoded] = decodeTraceRequestJson(requestWith({ traceId: null, name: null, futureField: { x: 1 }, status: {} }));
    expect(decoded).toEqual({
      traceId: '', spanId: '', parentSpanId: '', traceState: '', name: '', kind: 0, startTimeUnixNano: 0n,
      endTimeUnixNano: 0n, attributes: {}, events: [], links: [], status: { code: 0, message: '' },
      resource: {}, scope: { name: '', version: '' },
    });
  });

  it('passes ids of the wrong length or with non-hex characters through for later validation', () => {
    const [decoded] = decodeTraceRequestJson(requestWith({ traceId: 'ABC', spanId: 'not-hex!', parentSpanId: '' }));
    expect(decoded).toMatchObject({ traceId: 'abc', spanId: 'not-hex!', parentSpanId: '' });
  });

  it('reads non-finite doubles written as strings', () => {
    const [decoded] = decodeTraceRequestJson(requestWith({
      attributes: [
        { key: 'nan', value: { doubleValue: 'NaN' } }, { key: 'inf', value: { doubleValue: '-Infinity' } },
        { key: 'text', value: { doubleValue: '2.5' } },
      ],
    }));
    expect(decoded!.attributes).toEqual({ nan: NaN, inf: -Infinity, text: 2.5 });
  });

  it('shares the resource and scope objects and reads deprecated instrumentationLibrarySpans', () => {
    const spans = decodeTraceRequestJson(JSON.stringify({
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'old' } }] },
        instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'legacy', version: '0.9' }, spans: [{}, {}] }],
      }],
    }));
    expect(spans.map((s) => s.scope)).toEqual([{ name: 'legacy', version: '0.9' }, { name: 'legacy', version: '0.9' }]);
    expect(spans[1]!.scope).toBe(spans[0]!.scope);
    expect(spans[1]!.resource).toBe(spans[0]!.resource);
  });

  it('rejects malformed JSON', () => {
    expect(() => decodeTraceRequestJson('{"resourceSpans": [')).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequestJson('{"resourceSpans": [')).toThrow(/^invalid JSON: /);
  });

  const deepSpan = (span: unknown) => JSON.stringify({
    resourceSpans: [{ scopeSpans: [{ spans: [] }, { spans: [{}, {}, {}, span] }] }],
  });

  it.each([
    ['a non-object request', '[]', '(request): expected an ExportTraceServiceRequest object'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans: expected an array'],
    ['a span that is not an object', deepSpan(7), 'resourceSpans[0].scopeSpans[1].spans[3]: expected an object'],
    ['a fractional time', deepSpan({ startTimeUnixNano: 1.5 }), 'resourceSpans[0].scopeSpans[1].spans[3].startTimeUnixNano: expected an integer string'],
    ['a non-numeric time string', deepSpan({ end_time_unix_nano: '12ms' }), 'spans[3].endTimeUnixNano: expected an integer string'],
    ['a numeric id', deepSpan({ traceId: 12 }), 'spans[3].traceId: expected a string'],
    ['an unknown kind name', deepSpan({ kind: 'SPAN_KIND_BOGUS' }), 'spans[3].kind: expected an integer or one of SPAN_KIND_UNSPECIFIED'],
    ['a bad status code', deepSpan({ status: { code: 'ERROR' } }), 'spans[3].status.code: expected an integer or one of STATUS_CODE_UNSET'],
    ['a fractional intValue', deepSpan({ attributes: [{ key: 'a' }, { key: 'b', value: { intValue: '1.5' } }] }), 'spans[3].attributes[1].value.intValue: expected an integer string'],
    ['a nested bad value', deepSpan({ attributes: [{ key: 'a', value: { arrayValue: { values: [{ boolValue: 'yes' }] } } }] }), 'spans[3].attributes[0].value.arrayValue.values[0].boolValue: expected true or false'],
    ['a bad kvlist entry', deepSpan({ attributes: [{ key: 'a', value: { kvlistValue: { values: [{ key: 3 }] } } }] }), 'spans[3].attributes[0].value.kvlistValue.values[0].key: expected a string'],
    ['bytes that are not base64', deepSpan({ attributes: [{ key: 'a', value: { bytesValue: 'not base64!' } }] }), 'attributes[0].value.bytesValue: expected a base64 string'],
    ['an attribute that is not an object', deepSpan({ attributes: ['a=b'] }), 'spans[3].attributes[0]: expected a KeyValue object'],
    ['a bad event time', deepSpan({ events: [{}, { timeUnixNano: true }] }), 'spans[3].events[1].timeUnixNano: expected an integer string'],
    ['a bad link id', deepSpan({ links: [{ spanId: [] }] }), 'spans[3].links[0].spanId: expected a string'],
    ['a bad resource attribute', '{"resourceSpans":[{"resource":{"attributes":[{"key":"k","value":{"stringValue":1}}]}}]}', 'resourceSpans[0].resource.attributes[0].value.stringValue: expected a string'],
    ['a bad scope name', '{"resourceSpans":[{"scopeSpans":[{"scope":{"name":false}}]}]}', 'resourceSpans[0].scopeSpans[0].scope.name: expected a string'],
  ])('names the path of %s', (_, text, expected) => {
    expect(() => decodeTraceRequestJson(text)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequestJson(text)).toThrow(expected);
  });

  it('refuses AnyValue nested deeper than any real attribute', () => {
    let value: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < 200; i++) value = { arrayValue: { values: [value] } };
    expect(() => decodeTraceRequestJson(requestWith({ attributes: [{ key: 'deep', value }] }))).toThrow(
      /AnyValue nested more than 64 levels deep/,
    );
  });
});
