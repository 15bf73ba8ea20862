// Time conversions at the storage boundary. ClickHouse keeps nanoseconds; JSON readers get ISO 8601
// (milliseconds) with the exact nanoseconds beside it as a decimal string.

/** ISO 8601 with millisecond precision from nanoseconds since the epoch (decimal string). */
export function isoFromNanos(nanos: string): string {
  const ms = Number(BigInt(nanos) / 1_000_000n);
  return new Date(ms).toISOString();
}
