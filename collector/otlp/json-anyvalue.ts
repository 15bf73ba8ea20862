// OTLP/JSON KeyValue and AnyValue (common.proto) into decoded attributes.
import { setAttribute } from './attributes.ts';
import { DecodeFailure, atSegment } from './decode-failure.ts';
import { fail, isObject, readArray, readString, type JsonObject } from './json-fields.ts';
import type { AttributeValue, Attributes } from './model.ts';

const SIGNED_INTEGER = /^-?\d+$/;
/** Standard or URL-safe base64, both of which the proto3 JSON mapping accepts for bytes. */
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const NON_FINITE = new Map([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity]]);

/** Far deeper than any real attribute; stops a crafted payload from exhausting the stack. */
const MAX_DEPTH = 64;

/** Reads the repeated KeyValue field `camel`/`snake` of `object` into `attributes`. */
export function readAttributesInto(object: JsonObject, camel: string, snake: string, attributes: Attributes): void {
  readKeyValuesInto(readArray(object, camel, snake), camel, attributes, 0);
}

function readKeyValuesInto(list: unknown[], name: string, attributes: Attributes, depth: number): void {
  for (let i = 0; i < list.length; i++) {
    try {
      const keyValue = list[i];
      if (!isObject(keyValue)) throw new DecodeFailure('expected a KeyValue object');
      const key = readString(keyValue, 'key', 'key');
      let value: AttributeValue;
      try {
        value = readAnyValue(keyValue.value, depth);
      } catch (error) {
        throw atSegment(error, 'value');
      }
      setAttribute(attributes, key, value);
    } catch (error) {
      throw atSegment(error, `${name}[${i}]`);
    }
  }
}

/** The first oneof case present wins; an AnyValue with none set is null. */
function readAnyValue(value: unknown, depth: number): AttributeValue {
  if (value == null) return null;
  if (!isObject(value)) throw new DecodeFailure('expected an AnyValue object');
  let item: unknown;
  if ((item = value.stringValue ?? value.string_value) != null) {
    return typeof item === 'string' ? item : fail('stringValue', 'expected a string');
  }
  if ((item = value.intValue ?? value.int_value) != null) {
    if (typeof item === 'number' && Number.isInteger(item)) return item;
    // int64 is a decimal string in JSON; the model keeps numbers (exact up to 2^53).
    if (typeof item === 'string' && SIGNED_INTEGER.test(item)) return Number(item);
    return fail('intValue', 'expected an integer string');
  }
  if ((item = value.doubleValue ?? value.double_value) != null) return readDouble(item);
  if ((item = value.boolValue ?? value.bool_value) != null) {
    return typeof item === 'boolean' ? item : fail('boolValue', 'expected true or false');
  }
  if ((item = value.arrayValue ?? value.array_value) != null) {
    const values = readNested(item, 'arrayValue', depth);
    return values.map((element, i) => {
      try {
        return readAnyValue(element, depth + 1);
      } catch (error) {
        throw atSegment(atSegment(error, `values[${i}]`), 'arrayValue');
      }
    });
  }
  if ((item = value.kvlistValue ?? value.kvlist_value) != null) {
    const kvlist: Attributes = {};
    try {
      readKeyValuesInto(readNested(item, 'kvlistValue', depth), 'values', kvlist, depth + 1);
    } catch (error) {
      throw atSegment(error, 'kvlistValue');
    }
    return kvlist;
  }
  if ((item = value.bytesValue ?? value.bytes_value) != null) {
    if (typeof item !== 'string' || !BASE64.test(item)) return fail('bytesValue', 'expected a base64 string');
    return new Uint8Array(Buffer.from(item, 'base64'));
  }
  return null;
}

function readDouble(item: unknown): number {
  if (typeof item === 'number') return item;
  // The proto3 JSON mapping writes non-finite doubles as strings and accepts numeric strings.
  if (typeof item === 'string') {
    const special = NON_FINITE.get(item);
    if (special !== undefined) return special;
    const parsed = Number(item);
    if (item.trim() !== '' && !Number.isNaN(parsed)) return parsed;
  }
  return fail('doubleValue', 'expected a number');
}

/** The `values` list of an ArrayValue or KeyValueList. */
function readNested(item: unknown, name: string, depth: number): unknown[] {
  if (!isObject(item)) return fail(name, 'expected an object');
  if (depth >= MAX_DEPTH) return fail(name, `AnyValue nested more than ${MAX_DEPTH} levels deep`);
  try {
    return readArray(item, 'values', 'values');
  } catch (error) {
    throw atSegment(error, name);
  }
}
