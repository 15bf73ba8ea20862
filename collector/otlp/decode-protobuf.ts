// Decodes an ExportTraceServiceRequest in protobuf binary straight into the flattened model,
// against the field numbers of opentelemetry-proto (collector/trace/v1, trace/v1, resource/v1).
// Hand-written rather than generated: no .proto files ship on npm, and decoding directly into
// OtlpSpan objects skips the intermediate message objects a generated decoder would build.
import { asFailure, atSegment, formatPath } from './decode-failure.ts';
import { toStatusCode } from './enums.ts';
import { OtlpDecodeError, type Attributes, type OtlpEvent, type OtlpLink, type OtlpScope, type OtlpSpan } from './model.ts';
import { readKeyValueInto } from './protobuf-anyvalue.ts';
import {
  I32, I64, LEN, VARINT, createReader, enterMessage, leaveMessage, readFixed64, readHex, skipField, tag, type Reader,
} from './protobuf-wire.ts';

const REQUEST_RESOURCE_SPANS = tag(1, LEN);

const RESOURCE = tag(1, LEN);
const SCOPE_SPANS = tag(2, LEN);
const RESOURCE_SCHEMA_URL = tag(3, LEN);
/** Deprecated InstrumentationLibrarySpans; same layout as ScopeSpans (library name=1, version=2). */
const LEGACY_INSTRUMENTATION_LIBRARY_SPANS = tag(1000, LEN);

const RESOURCE_ATTRIBUTES = tag(1, LEN);
const RESOURCE_DROPPED_ATTRIBUTES = tag(2, VARINT);

const SCOPE = tag(1, LEN);
const SPANS = tag(2, LEN);
const SCOPE_SCHEMA_URL = tag(3, LEN);

const SCOPE_NAME = tag(1, LEN);
const SCOPE_VERSION = tag(2, LEN);
const SCOPE_ATTRIBUTES = tag(3, LEN);
const SCOPE_DROPPED_ATTRIBUTES = tag(4, VARINT);

const SPAN_FIELDS = [
  '', 'traceId', 'spanId', 'traceState', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano',
  'endTimeUnixNano', 'attributes', 'droppedAttributesCount', 'events', 'droppedEventsCount', 'links',
  'droppedLinksCount', 'status', 'flags',
];
const TRACE_ID = tag(1, LEN);
const SPAN_ID = tag(2, LEN);
const TRACE_STATE = tag(3, LEN);
const PARENT_SPAN_ID = tag(4, LEN);
const NAME = tag(5, LEN);
const KIND = tag(6, VARINT);
const START_TIME = tag(7, I64);
const END_TIME = tag(8, I64);
const ATTRIBUTES = tag(9, LEN);
const DROPPED_ATTRIBUTES = tag(10, VARINT);
const EVENTS = tag(11, LEN);
const DROPPED_EVENTS = tag(12, VARINT);
const LINKS = tag(13, LEN);
const DROPPED_LINKS = tag(14, VARINT);
const STATUS = tag(15, LEN);
const FLAGS = tag(16, I32);

const EVENT_TIME = tag(1, I64);
const EVENT_NAME = tag(2, LEN);
const EVENT_ATTRIBUTES = tag(3, LEN);
const EVENT_DROPPED_ATTRIBUTES = tag(4, VARINT);

const LINK_TRACE_ID = tag(1, LEN);
const LINK_SPAN_ID = tag(2, LEN);
const LINK_TRACE_STATE = tag(3, LEN);
const LINK_ATTRIBUTES = tag(4, LEN);
const LINK_DROPPED_ATTRIBUTES = tag(5, VARINT);
const LINK_FLAGS = tag(6, I32);

const STATUS_DEPRECATED_CODE = tag(1, VARINT);
const STATUS_MESSAGE = tag(2, LEN);
const STATUS_CODE = tag(3, VARINT);

/** Throws OtlpDecodeError for any payload that is not a well-formed ExportTraceServiceRequest. */
export function decodeTraceRequestProtobuf(bytes: Uint8Array): OtlpSpan[] {
  const reader = createReader(bytes);
  const spans: OtlpSpan[] = [];
  try {
    let index = 0;
    while (reader.pos < reader.len) {
      const fieldTag = reader.tag();
      if (fieldTag === REQUEST_RESOURCE_SPANS) {
        try {
          readResourceSpans(reader, spans);
        } catch (error) {
          throw atSegment(error, `resourceSpans[${index}]`);
        }
        index++;
      } else {
        skipField(reader, fieldTag, 1);
      }
    }
  } catch (error) {
    const failure = asFailure(error);
    throw new OtlpDecodeError(`invalid protobuf: ${failure.message} in ${formatPath(failure.path)} at byte ${reader.pos}`);
  }
  return spans;
}

function readResourceSpans(reader: Reader, spans: OtlpSpan[]): void {
  const outerEnd = enterMessage(reader);
  // Filled in place, so spans decoded before the resource field still share the final object.
  const resource: Attributes = {};
  let scopeIndex = 0;
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === SCOPE_SPANS || fieldTag === LEGACY_INSTRUMENTATION_LIBRARY_SPANS) {
      const name = fieldTag === SCOPE_SPANS ? 'scopeSpans' : 'instrumentationLibrarySpans';
      try {
        readScopeSpans(reader, resource, spans);
      } catch (error) {
        throw atSegment(error, `${name}[${scopeIndex}]`);
      }
      scopeIndex++;
    } else if (fieldTag === RESOURCE) {
      try {
        readResource(reader, resource);
      } catch (error) {
        throw atSegment(error, 'resource');
      }
    } else if (fieldTag === RESOURCE_SCHEMA_URL) {
      reader.skipType(LEN);
    } else {
      skipField(reader, fieldTag, 3);
    }
  }
  leaveMessage(reader, outerEnd);
}

function readResource(reader: Reader, resource: Attributes): void {
  const outerEnd = enterMessage(reader);
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === RESOURCE_ATTRIBUTES) readKeyValueInto(reader, resource);
    else if (fieldTag === RESOURCE_DROPPED_ATTRIBUTES) reader.skipType(VARINT);
    else skipField(reader, fieldTag, 2);
  }
  leaveMessage(reader, outerEnd);
}

function readScopeSpans(reader: Reader, resource: Attributes, spans: OtlpSpan[]): void {
  const outerEnd = enterMessage(reader);
  const scope: OtlpScope = { name: '', version: '' };
  let spanIndex = 0;
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === SPANS) {
      try {
        spans.push(readSpan(reader, resource, scope));
      } catch (error) {
        throw atSegment(error, `spans[${spanIndex}]`);
      }
      spanIndex++;
    } else if (fieldTag === SCOPE) {
      try {
        readScope(reader, scope);
      } catch (error) {
        throw atSegment(error, 'scope');
      }
    } else if (fieldTag === SCOPE_SCHEMA_URL) {
      reader.skipType(LEN);
    } else {
      skipField(reader, fieldTag, 3);
    }
  }
  leaveMessage(reader, outerEnd);
}

function readScope(reader: Reader, scope: OtlpScope): void {
  const outerEnd = enterMessage(reader);
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === SCOPE_NAME) scope.name = reader.string();
    else if (fieldTag === SCOPE_VERSION) scope.version = reader.string();
    else if (fieldTag === SCOPE_ATTRIBUTES || fieldTag === SCOPE_DROPPED_ATTRIBUTES) reader.skipType(fieldTag & 7);
    else skipField(reader, fieldTag, 4);
  }
  leaveMessage(reader, outerEnd);
}

function readSpan(reader: Reader, resource: Attributes, scope: OtlpScope): OtlpSpan {
  const outerEnd = enterMessage(reader);
  const span: OtlpSpan = {
    traceId: '', spanId: '', parentSpanId: '', traceState: '', name: '', kind: 0,
    startTimeUnixNano: 0n, endTimeUnixNano: 0n, attributes: {}, events: [], links: [],
    status: { code: 0, message: '' }, resource, scope,
  };
  let fieldTag = 0;
  try {
    while (reader.pos < reader.len) {
      fieldTag = reader.tag();
      switch (fieldTag) {
        case TRACE_ID: span.traceId = readHex(reader); break;
        case SPAN_ID: span.spanId = readHex(reader); break;
        case PARENT_SPAN_ID: span.parentSpanId = readHex(reader); break;
        case TRACE_STATE: span.traceState = reader.string(); break;
        case NAME: span.name = reader.string(); break;
        case KIND: span.kind = reader.int32(); break;
        case START_TIME: span.startTimeUnixNano = readFixed64(reader); break;
        case END_TIME: span.endTimeUnixNano = readFixed64(reader); break;
        case ATTRIBUTES: readKeyValueInto(reader, span.attributes); break;
        case EVENTS: span.events.push(readEvent(reader)); break;
        case LINKS: span.links.push(readLink(reader)); break;
        case STATUS: readStatus(reader, span.status); break;
        case DROPPED_ATTRIBUTES: case DROPPED_EVENTS: case DROPPED_LINKS: reader.skipType(VARINT); break;
        case FLAGS: reader.skipType(I32); break;
        default: skipField(reader, fieldTag, 16);
      }
    }
  } catch (error) {
    throw atSegment(error, SPAN_FIELDS[fieldTag >>> 3] ?? `field ${fieldTag >>> 3}`);
  }
  leaveMessage(reader, outerEnd);
  return span;
}

function readEvent(reader: Reader): OtlpEvent {
  const outerEnd = enterMessage(reader);
  const event: OtlpEvent = { timeUnixNano: 0n, name: '', attributes: {} };
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === EVENT_TIME) event.timeUnixNano = readFixed64(reader);
    else if (fieldTag === EVENT_NAME) event.name = reader.string();
    else if (fieldTag === EVENT_ATTRIBUTES) readKeyValueInto(reader, event.attributes);
    else if (fieldTag === EVENT_DROPPED_ATTRIBUTES) reader.skipType(VARINT);
    else skipField(reader, fieldTag, 4);
  }
  leaveMessage(reader, outerEnd);
  return event;
}

function readLink(reader: Reader): OtlpLink {
  const outerEnd = enterMessage(reader);
  const link: OtlpLink = { traceId: '', spanId: '', attributes: {} };
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === LINK_TRACE_ID) link.traceId = readHex(reader);
    else if (fieldTag === LINK_SPAN_ID) link.spanId = readHex(reader);
    else if (fieldTag === LINK_ATTRIBUTES) readKeyValueInto(reader, link.attributes);
    else if (fieldTag === LINK_TRACE_STATE || fieldTag === LINK_DROPPED_ATTRIBUTES || fieldTag === LINK_FLAGS) {
      reader.skipType(fieldTag & 7);
    } else skipField(reader, fieldTag, 6);
  }
  leaveMessage(reader, outerEnd);
  return link;
}

function readStatus(reader: Reader, status: OtlpSpan['status']): void {
  const outerEnd = enterMessage(reader);
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === STATUS_CODE) status.code = toStatusCode(reader.int32());
    else if (fieldTag === STATUS_MESSAGE) status.message = reader.string();
    else if (fieldTag === STATUS_DEPRECATED_CODE) reader.skipType(VARINT);
    else skipField(reader, fieldTag, 3);
  }
  leaveMessage(reader, outerEnd);
}
