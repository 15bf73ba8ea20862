// Writes ClickHouse's Native format: the engine's own columnar block layout, which it reads with
// almost no parsing (measured ~2 µs per span row against ~16 for JSONEachRow). A block is
// `columns, rows` (varints), then per column its name, its type name and its data; the data of each
// type below follows the engine's binary bulk serialization (docs: /interfaces/formats/Native, and
// src/DataTypes/Serializations/ in the ClickHouse source). A stream is blocks one after another.

/** A column of a block: its name, its ClickHouse type as written in the header, and how to write its data. */
export interface NativeColumn<Row> {
  name: string;
  type: string;
  write(out: NativeWriter, rows: readonly Row[]): void;
}

const UINT32 = 2 ** 32;
/** Strings up to this length are tried as ASCII first; longer ones go straight to Buffer#write. */
const SHORT_STRING = 256;

/** A growing byte buffer with the primitive encodings of the Native format. */
export class NativeWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  /** The bytes written so far copied to the start of `target`, or undefined when they do not fit. */
  copyTo(target: Uint8Array): Uint8Array | undefined {
    if (this.offset > target.byteLength) return undefined;
    target.set(this.buffer.subarray(0, this.offset));
    return target.subarray(0, this.offset);
  }

  /** A copy of the bytes written so far. */
  take(): Buffer {
    const bytes = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(bytes, 0, 0, this.offset);
    return bytes;
  }

  reset(): void {
    this.offset = 0;
  }

  /** Bytes the writer holds, written or not. */
  get capacity(): number {
    return this.buffer.length;
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  /** LEB128, as the engine writes lengths and counts. */
  varUInt(value: number): void {
    this.reserve(10);
    while (value >= 0x80) {
      this.buffer[this.offset++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buffer[this.offset++] = value;
  }

  /** A String value: its UTF-8 length, then its bytes. A lone UTF-16 surrogate becomes U+FFFD. */
  string(value: string): void {
    // Most values are short ASCII (ids, names, attribute keys): copied here, as a call into
    // Buffer#write costs more than the copy (measured: the encoder took twice as long).
    if (value.length <= SHORT_STRING && this.ascii(value)) return;
    // Up to 42 UTF-16 units take at most 126 bytes: a one-byte length, known before encoding.
    if (value.length < 43) {
      this.reserve(1 + value.length * 3);
      const written = this.buffer.write(value, this.offset + 1);
      this.buffer[this.offset] = written;
      this.offset += 1 + written;
      return;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varUInt(bytes);
    this.reserve(bytes);
    this.offset += this.buffer.write(value, this.offset, bytes);
  }

  /** Writes `value` if it is all ASCII (one byte per unit); otherwise writes nothing and returns false. */
  private ascii(value: string): boolean {
    const length = value.length;
    this.reserve(2 + length);
    const buffer = this.buffer;
    let at = this.offset + (length < 0x80 ? 1 : 2);
    for (let i = 0; i < length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) return false;
      buffer[at++] = code;
    }
    if (length < 0x80) buffer[this.offset] = length;
    else {
      buffer[this.offset] = (length & 0x7f) | 0x80;
      buffer[this.offset + 1] = length >> 7;
    }
    this.offset = at;
    return true;
  }

  /** A non-negative integer below 2^53 as UInt64 (little-endian). */
  uint64(value: number): void {
    this.reserve(8);
    this.putUint32(value % UINT32 >>> 0);
    this.putUint32(Math.floor(value / UINT32) >>> 0);
  }

  /**
   * Four bytes, little-endian, stored one by one: Buffer#writeUInt32LE checks its arguments on
   * every call, and the UInt64 columns took three times as long with it (measured).
   */
  private putUint32(value: number): void {
    const buffer = this.buffer;
    const at = this.offset;
    buffer[at] = value;
    buffer[at + 1] = value >>> 8;
    buffer[at + 2] = value >>> 16;
    buffer[at + 3] = value >>> 24;
    this.offset = at + 4;
  }

  int64(value: bigint): void {
    this.reserve(8);
    this.buffer.writeBigInt64LE(value, this.offset);
    this.offset += 8;
  }

  float64(value: number): void {
    this.reserve(8);
    this.buffer.writeDoubleLE(value, this.offset);
    this.offset += 8;
  }

  /** Each of `values` as an unsigned integer of `bytes` bytes (1, 2 or 4), little-endian. */
  unsignedIntegers(values: Uint32Array, bytes: 1 | 2 | 4): void {
    this.reserve(values.length * bytes);
    const buffer = this.buffer;
    let at = this.offset;
    for (const value of values) {
      buffer[at++] = value;
      if (bytes > 1) buffer[at++] = value >>> 8;
      if (bytes > 2) {
        buffer[at++] = value >>> 16;
        buffer[at++] = value >>> 24;
      }
    }
    this.offset = at;
  }
}

/**
 * One writer reused for every block: a block of a few hundred spans is ~1 MB, and growing a fresh
 * buffer to that size for each block cost more than the encoding (measured). A writer grown by an
 * unusually large block is dropped rather than kept.
 */
let scratch = new NativeWriter(1 << 20);
const MAX_KEPT_BYTES = 32 << 20;

/**
 * One Native block holding `rows`, its columns written in the order given: at the start of `into`
 * when given and large enough, in a new buffer otherwise.
 */
export function encodeBlock<Row>(rows: readonly Row[], columns: readonly NativeColumn<Row>[], into?: Uint8Array): Uint8Array {
  const out = scratch;
  try {
    out.varUInt(columns.length);
    out.varUInt(rows.length);
    for (const column of columns) {
      out.string(column.name);
      out.string(column.type);
      column.write(out, rows);
    }
    return (into && out.copyTo(into)) ?? out.take();
  } finally {
    // Emptied even when a value could not be written, so the next block starts clean.
    out.reset();
    if (out.capacity > MAX_KEPT_BYTES) scratch = new NativeWriter(1 << 20);
  }
}

// Column writers, one per ClickHouse type the tables use. Each takes the value of one row.

export function stringColumn<Row>(name: string, value: (row: Row) => string): NativeColumn<Row> {
  return { name, type: 'String', write: (out, rows) => rows.forEach((row) => out.string(value(row))) };
}

export function uint64Column<Row>(name: string, value: (row: Row) => number): NativeColumn<Row> {
  return { name, type: 'UInt64', write: (out, rows) => rows.forEach((row) => out.uint64(value(row))) };
}

export function float64Column<Row>(name: string, value: (row: Row) => number): NativeColumn<Row> {
  return { name, type: 'Float64', write: (out, rows) => rows.forEach((row) => out.float64(value(row))) };
}

/** DateTime64(precision, 'UTC'): ticks of 10^-precision seconds since the epoch, as Int64. */
export function dateTime64Column<Row>(name: string, precision: number, ticks: (row: Row) => bigint): NativeColumn<Row> {
  return { name, type: `DateTime64(${precision}, 'UTC')`, write: (out, rows) => rows.forEach((row) => out.int64(ticks(row))) };
}

/** Array(String): every row's end offset into the flattened values (UInt64), then the values. */
export function stringArrayColumn<Row>(name: string, value: (row: Row) => readonly string[]): NativeColumn<Row> {
  return {
    name,
    type: 'Array(String)',
    write(out, rows) {
      let end = 0;
      for (const row of rows) out.uint64((end += value(row).length));
      for (const row of rows) for (const item of value(row)) out.string(item);
    },
  };
}

/**
 * Version of the LowCardinality key serialization: "shared dictionaries with additional keys".
 * Written once per LowCardinality stream, ahead of the offsets of an enclosing Map or Array.
 */
const LOW_CARDINALITY_VERSION = 1;
/** Index-type flags: the keys follow inline ("additional keys") and replace any dictionary before them. */
const HAS_ADDITIONAL_KEYS = 1 << 9;
const NEED_UPDATE_DICTIONARY = 1 << 10;

/**
 * The data of a LowCardinality(String) stream after its version: the distinct values once, then
 * each value's index into them in the narrowest unsigned width (UInt8/16/32: index type 0/1/2).
 */
function writeLowCardinality(out: NativeWriter, values: readonly string[]): void {
  const count = values.length;
  // The engine writes and reads nothing for an empty stream (say, a block whose maps are all empty).
  if (count === 0) return;
  const keys = new Map<string, number>([['', 0]]);
  const indexes = new Uint32Array(count);
  // Neighbouring rows often repeat a value (a request's service, a run of one span type): compared
  // before the map is asked, which took a third of this column's time (measured).
  let last = '';
  let lastKey = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i]!;
    if (value !== last) {
      let key = keys.get(value);
      if (key === undefined) keys.set(value, (key = keys.size));
      last = value;
      lastKey = key;
    }
    indexes[i] = lastKey;
  }
  const bytes = keys.size <= 0x100 ? 1 : keys.size <= 0x10000 ? 2 : 4;
  const indexType = bytes >> 1;
  out.uint64(indexType | HAS_ADDITIONAL_KEYS | NEED_UPDATE_DICTIONARY);
  out.uint64(keys.size);
  for (const key of keys.keys()) out.string(key);
  out.uint64(count);
  out.unsignedIntegers(indexes, bytes);
}

export function lowCardinalityStringColumn<Row>(name: string, value: (row: Row) => string): NativeColumn<Row> {
  return {
    name,
    type: 'LowCardinality(String)',
    write(out, rows) {
      out.uint64(LOW_CARDINALITY_VERSION);
      writeLowCardinality(out, rows.map(value));
    },
  };
}

/**
 * Map(LowCardinality(String), String): stored as Array(Tuple(key, value)), so the key stream's
 * version, every row's end offset, all keys (LowCardinality) and then all values.
 */
export function lowCardinalityKeyMapColumn<Row>(name: string, value: (row: Row) => Readonly<Record<string, string>>): NativeColumn<Row> {
  return {
    name,
    type: 'Map(LowCardinality(String), String)',
    write(out, rows) {
      const keys: string[] = [];
      const values: string[] = [];
      out.uint64(LOW_CARDINALITY_VERSION);
      for (const row of rows) {
        const record = value(row);
        for (const key in record) {
          keys.push(key);
          values.push(record[key]!);
        }
        out.uint64(keys.length);
      }
      writeLowCardinality(out, keys);
      for (const item of values) out.string(item);
    },
  };
}
