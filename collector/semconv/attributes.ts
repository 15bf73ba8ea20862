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

/** The value as plain JSON data: bytes become base64 strings. */
export function toJsonSafe(value: AttributeValue): unknown {
  if (value instanceof Uint8Array) return base64(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
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

/** Parses text that looks like JSON (starts with `{`, `[` or `"`); undefined when it is not JSON. */
export function parseJsonText(text: string): unknown {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  const first = text[i];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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
