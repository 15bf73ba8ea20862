// Field readers for OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
// Each accepts the lowerCamelCase name and the original snake_case proto name, treats a missing
// or null field as the proto default, and on a wrong type throws a DecodeFailure naming the field.
import { DecodeFailure } from './decode-failure.ts';

export type JsonObject = Record<string, unknown>;

const UNSIGNED_INTEGER = /^\d+$/;

export function fail(segment: string, reason: string): never {
  const failure = new DecodeFailure(reason);
  failure.path.push(segment);
  throw failure;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(object: JsonObject, camel: string, snake: string): unknown {
  const value = object[camel];
  return value === undefined ? object[snake] : value;
}

/** A nested message; undefined when absent. */
export function readObject(object: JsonObject, camel: string, snake: string): JsonObject | undefined {
  const value = field(object, camel, snake);
  if (value == null) return undefined;
  if (!isObject(value)) fail(camel, 'expected an object');
  return value;
}

/** A repeated field; [] when absent. */
export function readArray(object: JsonObject, camel: string, snake: string): unknown[] {
  const value = field(object, camel, snake);
  if (value == null) return [];
  if (!Array.isArray(value)) fail(camel, 'expected an array');
  return value;
}

export function readString(object: JsonObject, camel: string, snake: string): string {
  const value = field(object, camel, snake);
  if (value == null) return '';
  if (typeof value !== 'string') fail(camel, 'expected a string');
  return value;
}

/**
 * traceId/spanId are hex in OTLP/JSON (not base64 as in the generic proto3 mapping). Lower-cased and
 * otherwise passed through: a wrong length or non-hex id rejects only its span, later (validate.ts).
 */
export function readId(object: JsonObject, camel: string, snake: string): string {
  return readString(object, camel, snake).toLowerCase();
}

/** fixed64 nanoseconds: a decimal string per the spec; a JSON integer is accepted too. */
export function readTime(object: JsonObject, camel: string, snake: string): bigint {
  const value = field(object, camel, snake);
  if (value == null) return 0n;
  if (typeof value === 'string' && UNSIGNED_INTEGER.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value);
  return fail(camel, 'expected an integer string');
}

/** An enum as its integer value or, which the proto3 JSON mapping also allows, its name. */
export function readEnum(object: JsonObject, camel: string, snake: string, names: ReadonlyMap<string, number>): number {
  const value = field(object, camel, snake);
  if (value == null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string') {
    const byName = names.get(value);
    if (byName !== undefined) return byName;
  }
  return fail(camel, `expected an integer or one of ${[...names.keys()].join(', ')}`);
}
