// opentelemetry-proto/common/v1/common.proto: KeyValue, AnyValue, ArrayValue, KeyValueList.
import { setAttribute } from './attributes.ts';
import { DecodeFailure } from './decode-failure.ts';
import { readKey } from './protobuf-keys.ts';
import type { AttributeValue, Attributes } from './model.ts';
import { I64, LEN, VARINT, enterMessage, leaveMessage, readInt64, skipField, tag, type Reader } from './protobuf-wire.ts';

const KEY = tag(1, LEN);
const VALUE = tag(2, LEN);

const STRING_VALUE = tag(1, LEN);
const BOOL_VALUE = tag(2, VARINT);
const INT_VALUE = tag(3, VARINT);
const DOUBLE_VALUE = tag(4, I64);
const ARRAY_VALUE = tag(5, LEN);
const KVLIST_VALUE = tag(6, LEN);
const BYTES_VALUE = tag(7, LEN);

/** ArrayValue.values and KeyValueList.values are both field 1. */
const VALUES = tag(1, LEN);

/** Far deeper than any real attribute; stops a crafted payload from exhausting the stack. */
const MAX_DEPTH = 64;

/** Reads one length-prefixed KeyValue into `attributes`. */
export function readKeyValueInto(reader: Reader, attributes: Attributes, depth = 0): void {
  const outerEnd = enterMessage(reader);
  let key = '';
  let value: AttributeValue = null;
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === KEY) key = readKey(reader);
    else if (fieldTag === VALUE) value = readAnyValue(reader, depth);
    else skipField(reader, fieldTag, 2);
  }
  leaveMessage(reader, outerEnd);
  setAttribute(attributes, key, value);
}

/** Reads one length-prefixed AnyValue; an empty one (no oneof case set) is null. */
function readAnyValue(reader: Reader, depth: number): AttributeValue {
  const outerEnd = enterMessage(reader);
  let value: AttributeValue = null;
  // A oneof seen twice keeps the last case, as protobuf parsers do.
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    switch (fieldTag) {
      case STRING_VALUE: value = reader.string(); break;
      case INT_VALUE: value = readInt64(reader); break;
      case DOUBLE_VALUE: value = reader.double(); break;
      case BOOL_VALUE: value = reader.bool(); break;
      case ARRAY_VALUE: value = readArrayValue(reader, depth + 1); break;
      case KVLIST_VALUE: value = readKeyValueList(reader, depth + 1); break;
      // Copied so a decoded value never pins the whole request buffer in memory.
      case BYTES_VALUE: value = new Uint8Array(reader.bytes()); break;
      default: skipField(reader, fieldTag, 7);
    }
  }
  leaveMessage(reader, outerEnd);
  return value;
}

function readArrayValue(reader: Reader, depth: number): AttributeValue[] {
  checkDepth(depth);
  const outerEnd = enterMessage(reader);
  const values: AttributeValue[] = [];
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === VALUES) values.push(readAnyValue(reader, depth));
    else skipField(reader, fieldTag, 1);
  }
  leaveMessage(reader, outerEnd);
  return values;
}

function readKeyValueList(reader: Reader, depth: number): Attributes {
  checkDepth(depth);
  const outerEnd = enterMessage(reader);
  const values: Attributes = {};
  while (reader.pos < reader.len) {
    const fieldTag = reader.tag();
    if (fieldTag === VALUES) readKeyValueInto(reader, values, depth);
    else skipField(reader, fieldTag, 1);
  }
  leaveMessage(reader, outerEnd);
  return values;
}

function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new DecodeFailure(`AnyValue nested more than ${MAX_DEPTH} levels deep`);
}
