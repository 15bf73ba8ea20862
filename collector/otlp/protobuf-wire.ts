// Low-level reading on top of protobufjs' Reader: nested messages, ids, fixed64 times, int64 and
// unknown fields. A nested message is read by narrowing `reader.len` to its end, so every read
// inside it is bounds-checked against the message, not just against the whole buffer.
import protobuf from 'protobufjs/minimal.js';
import { DecodeFailure } from './decode-failure.ts';

export type Reader = protobuf.Reader;

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

export function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

/** A Reader over `bytes`; a Node Buffer view (no copy) makes string reads use the native UTF-8 decoder. */
export function createReader(bytes: Uint8Array): Reader {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return protobuf.Reader.create(buffer);
}

/** Reads a length prefix and narrows the reader to that message; returns the end to restore. */
export function enterMessage(reader: Reader): number {
  const length = reader.size();
  const end = reader.pos + length;
  if (end > reader.len) {
    throw new DecodeFailure(`truncated input: length ${length} exceeds the ${reader.len - reader.pos} bytes left`);
  }
  const outerEnd = reader.len;
  reader.len = end;
  return outerEnd;
}

export function leaveMessage(reader: Reader, outerEnd: number): void {
  reader.len = outerEnd;
}

/**
 * A length-delimited bytes field (trace or span id) as lowercase hex. Buffer's own hex encoding
 * returns one flat string; appending two characters at a time from a table took 2.5× as long and
 * left a chain of pieces for validation and the encoder to walk (measured).
 */
export function readHex(reader: Reader): string {
  const length = reader.size();
  const start = reader.pos;
  const end = start + length;
  if (end > reader.len) throw new DecodeFailure(`truncated input: id of ${length} bytes`);
  reader.pos = end;
  return (reader.buf as Buffer).toString('hex', start, end);
}

/** fixed64 (little-endian) as bigint: times in Unix nanoseconds exceed 2^53. */
export function readFixed64(reader: Reader): bigint {
  const pos = reader.pos;
  if (pos + 8 > reader.len) throw new DecodeFailure('truncated input: fixed64');
  reader.pos = pos + 8;
  return (reader.buf as Buffer).readBigUInt64LE(pos);
}

/** int64 varint as a number (exact up to 2^53, as the model documents). */
export function readInt64(reader: Reader): number {
  const value = reader.int64() as unknown as number | { toNumber(): number };
  return typeof value === 'number' ? value : value.toNumber();
}

/**
 * Skips a field this decoder does not read. Fields numbered up to `lastKnownField` are known and
 * were matched with their proper wire type by the caller, so reaching here means a type mismatch.
 */
export function skipField(reader: Reader, fieldTag: number, lastKnownField: number): void {
  const field = fieldTag >>> 3;
  const wireType = fieldTag & 7;
  if (field === 0) throw new DecodeFailure('invalid field number 0');
  if (field <= lastKnownField) throw new DecodeFailure(`field ${field} has wrong wire type ${wireType}`);
  reader.skipType(wireType);
}
