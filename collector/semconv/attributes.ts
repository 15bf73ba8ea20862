// Typed reads of OTLP attribute values, and the one way attribute values become strings.
import type { AttributeValue } from '../otlp/model.ts';

/** A non-empty string, or a number/boolean written as one; anything else is absent. */
export function str(value: AttributeValue | undefined): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A finite number, also when sent as a numeric string (some SDKs stringify int64). */
export function num(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A cost in US dollars a span reports itself; absent when negative or not a number. */
export function reportedCost(value: AttributeValue | undefined): number | undefined {
  const cost = num(value);
  return cost !== undefined && cost >= 0 ? cost : undefined;
}

/**
 * A token count: a non-negative integer-valued number. Beyond 2^53 it cannot be a real count (and
 * would not fit the UInt64 column as JSON), so it is treated as absent; the attribute is kept.
 */
export function tokenCount(value: AttributeValue | undefined): number | undefined {
  const n = num(value);
  return n !== undefined && n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.round(n) : undefined;
}

export function firstStr(...values: (AttributeValue | undefined)[]): string | undefined {
  for (const value of values) {
    const s = str(value);
    if (s !== undefined) return s;
  }
  return undefined;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * A map for keys that come from the wire: without a prototype, `__proto__` is a key like any other
 * (on a plain object, assigning it changes the prototype and the attribute is silently lost).
 */
export function keyedRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The value as plain JSON data: bytes become base64 strings. */
export function toJsonSafe(value: AttributeValue): unknown {
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    const out = keyedRecord<unknown>();
    for (const key in value) out[key] = toJsonSafe(value[key] as AttributeValue);
    return out;
  }
  return value;
}

/** Strings as they are, bytes as base64, everything else as JSON (numbers in their JSON form). */
export function stringifyValue(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return base64(value);
  return JSON.stringify(toJsonSafe(value));
}

/** Any data as display text: strings unchanged, the rest as JSON. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value) ?? '';
}

/**
 * Deeper JSON is kept as text: message normalization walks the parsed value recursively, and ~4,000
 * levels of brackets (a 35 KB attribute) overflowed the stack. Real messages nest a dozen levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether parsed JSON nests more than `levels` arrays or objects deep. It recurses at most `levels`
 * deep itself, and visits values rather than characters (a few per message).
 */
export function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, levels - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  return false;
}

/**
 * Parses text that looks like JSON (starts with `{`, `[` or `"`); undefined when it is not JSON or
 * nests deeper than MAX_JSON_DEPTH (then it stays text).
 */
export function parseJsonText(text: string): unknown {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const first = text[i];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  let value: unknown;
  try {
    // V8 parses without recursion, so only what walks the result afterwards needs the bound.
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  return nestsDeeperThan(value, MAX_JSON_DEPTH) ? undefined : value;
}

/** Structured data behind an attribute: parsed JSON for JSON strings, the value itself otherwise. */
export function structured(value: AttributeValue | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return parseJsonText(value) ?? value;
  return toJsonSafe(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
