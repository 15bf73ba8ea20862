import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from './decode-protobuf.ts';
import { OtlpDecodeError } from './model.ts';

// A tiny protobuf builder, so each case shows the exact wire content it feeds the decoder.
type Bytes = Uint8Array;
const cat = (...parts: Bytes[]): Bytes => Buffer.concat(parts);
const key = (field: number, wireType: number): Bytes => protobuf.Writer.create().uint32((field << 3) | wireType).finish();
const message = (field: number, ...parts: Bytes[]): Bytes => {
  const body = cat(...parts);
  return cat(key(field, 2), protobuf.Writer.create().uint32(body.length).finish(), body);
};
const string = (field: number, value: string): Bytes => message(field, Buffer.from(value));
const hex = (field: number, value: string): Bytes => message(field, Buffer.from(value, 'hex'));
const varint = (field: number, value: number | string): Bytes => cat(key(field, 0), protobuf.Writer.create().int64(value).finish());
const double = (field: number, value: number): Bytes => cat(key(field, 1), protobuf.Writer.create().double(value).finish());
const fixed32 = (field: number, value: number): Bytes => cat(key(field, 5), protobuf.Writer.create().fixed32(value).finish());
const fixed64 = (field: number, value: bigint): Bytes => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return cat(key(field, 1), bytes);
};

// OTLP messages, by the field numbers of opentelemetry-proto.
const resourceSpans = (...parts: Bytes[]) => message(1, ...parts);
const resource = (...attributes: Bytes[]) => message(1, ...attributes);
const scopeSpans = (...parts: Bytes[]) => message(2, ...parts);
const scope = (name: string, version: string) => message(1, string(1, name), string(2, version));
const span = (...parts: Bytes[]) => message(2, ...parts);
const keyValue = (field: number, name: string, anyValue?: Bytes) =>
  message(field, string(1, name), ...(anyValue ? [message(2, anyValue)] : []));
const anyString = (value: string) => string(1, value);
const anyBool = (value: boolean) => varint(2, value ? 1 : 0);
const anyInt = (value: number | string) => varint(3, value);
const anyDouble = (value: number) => double(4, value);
const anyArray = (...values: Bytes[]) => message(5, ...values.map((value) => message(1, value)));
const anyKvlist = (...keyValues: Bytes[]) => message(6, ...keyValues);
const anyBytes = (value: string) => hex(7, value);

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const minimalSpan = (...extra: Bytes[]) => span(hex(1, TRACE_ID), hex(2, SPAN_ID), string(5, 'step'), ...extra);
const request = (...spans: Bytes[]) => resourceSpans(scopeSpans(...spans));

describe('decodeTraceRequestProtobuf', () => {
  it('returns no spans for an empty request or empty groups', () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array())).toEqual([]);
    expect(decodeTraceRequestProtobuf(resourceSpans())).toEqual([]);
    expect(decodeTraceRequestProtobuf(resourceSpans(resource(), scopeSpans()))).toEqual([]);
  });

  it('decodes every span field, with defaults for the absent ones', () => {
    const [decoded, defaults] = decodeTraceRequestProtobuf(request(
      span(
        hex(1, TRACE_ID), hex(2, SPAN_ID), string(3, 'vendor=1'), hex(4, '00f067aa0ba902b7'), string(5, 'chat'),
        varint(6, 3), fixed64(7, 18_446_744_073_709_551_615n), fixed64(8, 1_760_000_000_000_000_001n),
        message(11, fixed64(1, 5n), string(2, 'retry'), keyValue(3, 'attempt', anyInt(2))),
        message(13, hex(1, 'ab'.repeat(16)), hex(2, 'cd'.repeat(8)), keyValue(4, 'why', anyString('cache'))),
        message(15, varint(1, 9), string(2, 'boom'), varint(3, 2)),
      ),
      span(),
    ));
    expect(decoded).toMatchObject({
      traceId: TRACE_ID, spanId: SPAN_ID, traceState: 'vendor=1', parentSpanId: '00f067aa0ba902b7', name: 'chat',
      kind: 3, startTimeUnixNano: 18_446_744_073_709_551_615n, endTimeUnixNano: 1_760_000_000_000_000_001n,
      events: [{ timeUnixNano: 5n, name: 'retry', attributes: { attempt: 2 } }],
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: { why: 'cache' } }],
      status: { code: 2, message: 'boom' },
    });
    expect(defaults).toEqual({
      traceId: '', spanId: '', parentSpanId: '', traceState: '', name: '', kind: 0, startTimeUnixNano: 0n,
      endTimeUnixNano: 0n, attributes: {}, events: [], links: [], status: { code: 0, message: '' },
      resource: {}, scope: { name: '', version: '' },
    });
  });

  it('decodes AnyValue of every kind, nested', () => {
    const [decoded] = decodeTraceRequestProtobuf(request(minimalSpan(
      keyValue(9, 'string', anyString('héllo ✓')),
      keyValue(9, 'bool', anyBool(true)),
      keyValue(9, 'int', anyInt(-42)),
      keyValue(9, 'max_safe', anyInt(Number.MAX_SAFE_INTEGER)),
      keyValue(9, 'double', anyDouble(0.25)),
      keyValue(9, 'bytes', anyBytes('00ff10')),
      keyValue(9, 'array', anyArray(anyString('a'), anyInt(1), anyArray(anyBool(false)), new Uint8Array())),
      keyValue(9, 'kvlist', anyKvlist(keyValue(1, 'inner', anyKvlist(keyValue(1, 'deep', anyDouble(-1.5)))))),
      keyValue(9, 'empty_value', new Uint8Array()),
      keyValue(9, 'no_value'),
    )));
    expect(decoded!.attributes).toEqual({
      string: 'héllo ✓', bool: true, int: -42, max_safe: Number.MAX_SAFE_INTEGER, double: 0.25,
      bytes: new Uint8Array([0x00, 0xff, 0x10]), array: ['a', 1, [false], null],
      kvlist: { inner: { deep: -1.5 } }, empty_value: null, no_value: null,
    });
  });

  it('decodes attribute keys alike whether they repeat, collide in the key cache or are too long for it', () => {
    const keys = [...Array.from({ length: 3000 }, (_, i) => `k.${i}`), 'k.1\0', 'ключ 😀', 'x'.repeat(200), ''];
    const body = request(minimalSpan(...keys.map((name, i) => keyValue(9, name, anyInt(i)))));
    for (let pass = 0; pass < 2; pass++) {
      const [decoded] = decodeTraceRequestProtobuf(body);
      expect(Object.entries(decoded!.attributes)).toEqual(keys.map((name, i) => [name, i]));
    }
  });

  it('keeps a __proto__ attribute key as data, not as a prototype', () => {
    const [decoded] = decodeTraceRequestProtobuf(request(minimalSpan(keyValue(9, '__proto__', anyString('x')))));
    expect(Object.getPrototypeOf(decoded!.attributes)).toBe(Object.prototype);
    expect(Object.entries(decoded!.attributes)).toEqual([['__proto__', 'x']]);
  });

  it('turns ids of any length into lowercase hex', () => {
    const [decoded] = decodeTraceRequestProtobuf(request(span(hex(1, 'ABCDEF'), hex(2, ''), hex(4, '00'))));
    expect(decoded).toMatchObject({ traceId: 'abcdef', spanId: '', parentSpanId: '00' });
  });

  it('shares one resource and one scope object between spans, whatever the field order', () => {
    const spans = decodeTraceRequestProtobuf(cat(
      resourceSpans(
        scopeSpans(minimalSpan(), minimalSpan(), scope('agent', '1.0')),
        resource(keyValue(1, 'service.name', anyString('planner'))),
        scopeSpans(scope('tools', ''), minimalSpan()),
      ),
      resourceSpans(resource(keyValue(1, 'service.name', anyString('other'))), scopeSpans(minimalSpan())),
    ));
    expect(spans.map((s) => [s.resource['service.name'], s.scope.name])).toEqual([
      ['planner', 'agent'], ['planner', 'agent'], ['planner', 'tools'], ['other', ''],
    ]);
    expect(spans[1]!.resource).toBe(spans[0]!.resource);
    expect(spans[1]!.scope).toBe(spans[0]!.scope);
    expect(spans[2]!.scope).not.toBe(spans[0]!.scope);
  });

  it('reads the deprecated instrumentation_library_spans (field 1000)', () => {
    const spans = decodeTraceRequestProtobuf(resourceSpans(message(1000, scope('legacy-lib', '0.9'), minimalSpan())));
    expect(spans).toHaveLength(1);
    expect(spans[0]!.scope).toEqual({ name: 'legacy-lib', version: '0.9' });
  });

  it('skips unknown fields of every wire type at every level', () => {
    const unknown = cat(varint(90, 7), fixed64(91, 1n), string(92, 'future'), fixed32(93, 1));
    const spans = decodeTraceRequestProtobuf(cat(
      unknown,
      resourceSpans(unknown, resource(unknown, keyValue(1, 'k', cat(unknown, anyString('v')))), scopeSpans(
        unknown, message(1, string(1, 'lib'), unknown, keyValue(3, 'scope.attr', anyInt(1)), varint(4, 0)),
        minimalSpan(unknown, varint(10, 1), varint(12, 2), varint(14, 3), fixed32(16, 0x301), message(15, unknown)),
      )),
    ));
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ traceId: TRACE_ID, name: 'step', resource: { k: 'v' }, scope: { name: 'lib' } });
  });

  it('reads an undefined status code as UNSET and keeps an unknown span kind', () => {
    const [decoded] = decodeTraceRequestProtobuf(request(minimalSpan(varint(6, 9), message(15, varint(3, 7)))));
    expect(decoded).toMatchObject({ kind: 9, status: { code: 0 } });
  });

  it.each([
    ['a length past the end', cat(key(1, 2), Buffer.from([50]), Buffer.alloc(10)), /truncated input: length 50 exceeds the 10 bytes left in resourceSpans\[0\] at byte 2$/],
    ['a known field with the wrong wire type', request(minimalSpan(varint(5, 1))), /field 5 has wrong wire type 0 in resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name at byte/],
    ['wire type 7', cat(key(3, 7), Buffer.from([1])), /invalid wire type 7/],
    ['field number 0', Buffer.from([0x02, 0x00]), /invalid field number 0 in \(request\)/],
    ['a truncated varint', request(minimalSpan(Buffer.from([0x30, 0xff]))), /truncated input in resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind/],
    ['a truncated fixed64 time', request(minimalSpan(Buffer.from([0x39, 1, 2, 3]))), /truncated input: fixed64 in .*spans\[0\]\.startTimeUnixNano/],
    ['an id running past its span', request(span(Buffer.from([0x0a, 0x10, 1, 2]))), /truncated input: id of 16 bytes in .*spans\[0\]\.traceId/],
    ['a bad attribute', request(minimalSpan(keyValue(9, 'x', Buffer.from([0x22, 0x01])))), /spans\[0\]\.attributes at byte/],
    ['a bad event', request(minimalSpan(message(11, varint(2, 1)))), /spans\[0\]\.events at byte/],
  ])('throws OtlpDecodeError naming what and where for %s', (_, bytes, expected) => {
    expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(OtlpDecodeError);
    expect(() => decodeTraceRequestProtobuf(bytes)).toThrow(expected);
  });

  it('refuses AnyValue nested deeper than any real attribute without exhausting the stack', () => {
    let value = anyString('bottom');
    for (let i = 0; i < 200; i++) value = anyArray(value);
    expect(() => decodeTraceRequestProtobuf(request(minimalSpan(keyValue(9, 'deep', value))))).toThrow(
      /AnyValue nested more than 64 levels deep/,
    );
  });

  it('throws only OtlpDecodeError for random garbage', () => {
    let seed = 1;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      const garbage = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
      try {
        decodeTraceRequestProtobuf(garbage);
      } catch (error) {
        expect(error).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('accepts a plain Uint8Array as well as a Buffer', () => {
    const bytes = request(minimalSpan(keyValue(9, 'k', anyString('v'))));
    expect(decodeTraceRequestProtobuf(new Uint8Array(bytes))).toEqual(decodeTraceRequestProtobuf(Buffer.from(bytes)));
  });
});
