// Decodes an ExportTraceServiceRequest in the OTLP/JSON encoding into the flattened model.
// Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding — lowerCamelCase keys
// (snake_case proto names accepted too), hex ids, enums as integers or names, int64 as decimal
// strings or numbers, unknown fields ignored.
import { DecodeFailure, asFailure, atSegment, formatPath } from './decode-failure.ts';
import { SPAN_KIND_BY_NAME, STATUS_CODE_BY_NAME, toStatusCode } from './enums.ts';
import { readAttributesInto } from './json-anyvalue.ts';
import {
  isObject, readArray, readEnum, readId, readObject, readString, readTime, type JsonObject,
} from './json-fields.ts';
import { OtlpDecodeError, type Attributes, type OtlpEvent, type OtlpLink, type OtlpScope, type OtlpSpan } from './model.ts';

/** Throws OtlpDecodeError, naming the offending path, for anything but a valid request. */
export function decodeTraceRequestJson(text: string): OtlpSpan[] {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  const spans: OtlpSpan[] = [];
  try {
    if (!isObject(request)) throw new DecodeFailure('expected an ExportTraceServiceRequest object');
    const resourceSpans = readArray(request, 'resourceSpans', 'resource_spans');
    for (let i = 0; i < resourceSpans.length; i++) {
      try {
        readResourceSpans(resourceSpans[i], spans);
      } catch (error) {
        throw atSegment(error, `resourceSpans[${i}]`);
      }
    }
  } catch (error) {
    const failure = asFailure(error);
    throw new OtlpDecodeError(`invalid OTLP/JSON: ${formatPath(failure.path)}: ${failure.message}`);
  }
  return spans;
}

function readResourceSpans(value: unknown, spans: OtlpSpan[]): void {
  const resourceSpans = expectObject(value);
  const resource: Attributes = {};
  const resourceField = readObject(resourceSpans, 'resource', 'resource');
  if (resourceField !== undefined) {
    try {
      readAttributesInto(resourceField, 'attributes', 'attributes', resource);
    } catch (error) {
      throw atSegment(error, 'resource');
    }
  }
  readScopeSpansList(resourceSpans, 'scopeSpans', 'scope_spans', resource, spans);
  // Deprecated InstrumentationLibrarySpans from senders older than OTLP 0.15.
  readScopeSpansList(resourceSpans, 'instrumentationLibrarySpans', 'instrumentation_library_spans', resource, spans);
}

function readScopeSpansList(
  resourceSpans: JsonObject, camel: string, snake: string, resource: Attributes, spans: OtlpSpan[],
): void {
  const list = readArray(resourceSpans, camel, snake);
  for (let i = 0; i < list.length; i++) {
    try {
      readScopeSpans(list[i], resource, spans);
    } catch (error) {
      throw atSegment(error, `${camel}[${i}]`);
    }
  }
}

function readScopeSpans(value: unknown, resource: Attributes, spans: OtlpSpan[]): void {
  const scopeSpans = expectObject(value);
  const scopeField = readObject(scopeSpans, 'scope', 'scope')
    ?? readObject(scopeSpans, 'instrumentationLibrary', 'instrumentation_library');
  const scope: OtlpScope = { name: '', version: '' };
  if (scopeField !== undefined) {
    try {
      scope.name = readString(scopeField, 'name', 'name');
      scope.version = readString(scopeField, 'version', 'version');
    } catch (error) {
      throw atSegment(error, 'scope');
    }
  }
  const list = readArray(scopeSpans, 'spans', 'spans');
  for (let i = 0; i < list.length; i++) {
    try {
      spans.push(readSpan(list[i], resource, scope));
    } catch (error) {
      throw atSegment(error, `spans[${i}]`);
    }
  }
}

function readSpan(value: unknown, resource: Attributes, scope: OtlpScope): OtlpSpan {
  const span = expectObject(value);
  const decoded: OtlpSpan = {
    traceId: readId(span, 'traceId', 'trace_id'),
    spanId: readId(span, 'spanId', 'span_id'),
    parentSpanId: readId(span, 'parentSpanId', 'parent_span_id'),
    traceState: readString(span, 'traceState', 'trace_state'),
    name: readString(span, 'name', 'name'),
    kind: readEnum(span, 'kind', 'kind', SPAN_KIND_BY_NAME),
    startTimeUnixNano: readTime(span, 'startTimeUnixNano', 'start_time_unix_nano'),
    endTimeUnixNano: readTime(span, 'endTimeUnixNano', 'end_time_unix_nano'),
    attributes: {},
    events: [],
    links: [],
    status: { code: 0, message: '' },
    resource,
    scope,
  };
  readAttributesInto(span, 'attributes', 'attributes', decoded.attributes);
  const events = readArray(span, 'events', 'events');
  for (let i = 0; i < events.length; i++) {
    try {
      decoded.events.push(readEvent(events[i]));
    } catch (error) {
      throw atSegment(error, `events[${i}]`);
    }
  }
  const links = readArray(span, 'links', 'links');
  for (let i = 0; i < links.length; i++) {
    try {
      decoded.links.push(readLink(links[i]));
    } catch (error) {
      throw atSegment(error, `links[${i}]`);
    }
  }
  const status = readObject(span, 'status', 'status');
  if (status !== undefined) {
    try {
      decoded.status.code = toStatusCode(readEnum(status, 'code', 'code', STATUS_CODE_BY_NAME));
      decoded.status.message = readString(status, 'message', 'message');
    } catch (error) {
      throw atSegment(error, 'status');
    }
  }
  return decoded;
}

function readEvent(value: unknown): OtlpEvent {
  const event = expectObject(value);
  const decoded: OtlpEvent = {
    timeUnixNano: readTime(event, 'timeUnixNano', 'time_unix_nano'),
    name: readString(event, 'name', 'name'),
    attributes: {},
  };
  readAttributesInto(event, 'attributes', 'attributes', decoded.attributes);
  return decoded;
}

function readLink(value: unknown): OtlpLink {
  const link = expectObject(value);
  const decoded: OtlpLink = {
    traceId: readId(link, 'traceId', 'trace_id'),
    spanId: readId(link, 'spanId', 'span_id'),
    attributes: {},
  };
  readAttributesInto(link, 'attributes', 'attributes', decoded.attributes);
  return decoded;
}

function expectObject(value: unknown): JsonObject {
  if (!isObject(value)) throw new DecodeFailure('expected an object');
  return value;
}
