// Attribute keys, decoded once per distinct key. The same few dozen keys ("gen_ai.request.model",
// "service.name", …) arrive on every span; a key decoded afresh is a new string that V8 must hash and
// look up again to use it as a property name, which took a quarter of decoding (measured). A key
// read here is the string decoded when its bytes were last seen in its slot.
import { DecodeFailure } from './decode-failure.ts';
import type { Reader } from './protobuf-wire.ts';

/** Slots of the direct-mapped cache (a power of two); a key whose slot another key took is decoded anew. */
const SLOTS = 1024;
/** Longer keys are decoded every time, which bounds the cache to ~100 KB. */
const MAX_CACHED_BYTES = 64;

const slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
const slotKeys: string[] = new Array<string>(SLOTS).fill('');

/** A length-delimited string field that is an attribute key. */
export function readKey(reader: Reader): string {
  const length = reader.size();
  const start = reader.pos;
  const end = start + length;
  if (end > reader.len) throw new DecodeFailure('truncated input');
  reader.pos = end;
  const buffer = reader.buf as Buffer;
  if (length > MAX_CACHED_BYTES) return buffer.toString('utf8', start, end);
  let hash = length;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ buffer[i]!, 0x01000193); // FNV-1a
  const slot = hash & (SLOTS - 1);
  const seen = slotBytes[slot];
  if (seen !== undefined && seen.length === length && sameBytes(seen, buffer, start)) return slotKeys[slot]!;
  const key = buffer.toString('utf8', start, end);
  slotBytes[slot] = new Uint8Array(buffer.subarray(start, end)); // a copy: never pin a request's buffer
  slotKeys[slot] = key;
  return key;
}

function sameBytes(seen: Uint8Array, buffer: Uint8Array, start: number): boolean {
  for (let i = 0; i < seen.length; i++) if (seen[i] !== buffer[start + i]) return false;
  return true;
}
