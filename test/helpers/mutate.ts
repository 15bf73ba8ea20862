// Seeded mutations of valid OTLP requests, for the fuzz test: byte-level damage (for protobuf and
// JSON alike) and JSON-level substitutions of values a decoder or the engine might choke on. The
// same seed gives the same cases (demo/random.ts), so a failure can be replayed.
import type { Random } from '../../demo/random.ts';

/** An integer in [0, below). */
const int = (random: Random, below: number) => random.int(0, below - 1);

/** Bytes protobuf and JSON parsers treat specially. */
const INTERESTING_BYTES = [0x00, 0x01, 0x0a, 0x22, 0x5c, 0x7b, 0x7f, 0x80, 0xff, 0xfe, 0x08, 0x12];

/** One random byte-level change: flip, overwrite, delete, duplicate, insert or truncate. */
export function mutateBytes(random: Random, input: Uint8Array): Uint8Array {
  const bytes = Buffer.from(input);
  if (bytes.length === 0) return new Uint8Array([random.pick(INTERESTING_BYTES)]);
  const at = int(random, bytes.length);
  switch (int(random, 6)) {
    case 0:
      bytes[at] = bytes[at]! ^ (1 << int(random, 8));
      return bytes;
    case 1:
      bytes[at] = random.pick(INTERESTING_BYTES);
      return bytes;
    case 2:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + int(random, 16))]);
    case 3: {
      const piece = bytes.subarray(at, at + 1 + int(random, 64));
      return Buffer.concat([bytes.subarray(0, at), piece, piece, bytes.subarray(at + piece.length)]);
    }
    case 4:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: 1 + int(random, 8) }, () => int(random, 256))), bytes.subarray(at)]);
    default:
      return bytes.subarray(0, at);
  }
}

function deepArrayText(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}

/** Values to put where a valid one was: wrong types, extremes, hostile strings. */
function interestingValue(random: Random): unknown {
  switch (int(random, 20)) {
    case 0: return null;
    case 1: return '';
    case 2: return -1;
    case 3: return '18446744073709551615';
    case 4: return '-9223372036854775808';
    case 5: return '0';
    case 6: return 1e308;
    case 7: return 'NaN';
    case 8: return '\u0000\u0001\u001f"\\\ud800';
    case 9: return 'x'.repeat(200_000);
    case 10: return '"'.repeat(100_000);
    case 11: return {};
    case 12: return [];
    case 13: return { stringValue: deepArrayText(5000) };
    case 14: return { arrayValue: { values: [{ kvlistValue: { values: [{ key: '__proto__', value: { stringValue: 'p' } }] } }] } };
    case 15: return { stringValue: JSON.stringify([{ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', output: deepArrayText(3000) }] }]) };
    case 16: return 'zz';
    case 17: return true;
    case 18: return { intValue: '99999999999999999999999' };
    default: return '\u0001'.repeat(50_000);
  }
}

/** The paths of every value in a JSON document, as lists of keys and indices. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => paths(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

/** One JSON-level change: a value replaced, a key removed or renamed to `__proto__`, or an array repeated. */
export function mutateJson(random: Random, text: string): string {
  const document = JSON.parse(text) as unknown;
  const all = paths(document).filter((path) => path.length > 0);
  const path = random.pick(all);
  let parent = document as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  const action = int(random, 4);
  if (action === 0 && !Array.isArray(parent)) {
    delete parent[last];
  } else if (action === 1 && !Array.isArray(parent)) {
    const value = parent[last];
    delete parent[last];
    Object.defineProperty(parent, '__proto__', { value, enumerable: true, configurable: true, writable: true });
  } else if (action === 2 && Array.isArray(parent[last])) {
    const list = parent[last] as unknown[];
    parent[last] = [...list, ...list, ...list];
  } else {
    parent[last] = interestingValue(random);
  }
  return JSON.stringify(document);
}
