// Time conversions at the storage boundary. ClickHouse keeps nanoseconds; JSON readers get ISO 8601
// (milliseconds) with the exact nanoseconds beside it as a decimal string.

/** ISO 8601 with millisecond precision from nanoseconds since the epoch (decimal string). */
export function isoFromNanos(nanos: string): string {
  const ms = Number(BigInt(nanos) / 1_000_000n);
  return new Date(ms).toISOString();
}

/**
 * A DateTime64(3) value for a JSONEachRow insert: "YYYY-MM-DD hh:mm:ss.sss" (UTC). Integer strings
 * are ambiguous to the parser (a short one is read as seconds, a long one as ticks), so times in
 * milliseconds go in as text.
 */
export function dateTime64FromMillis(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace('T', ' ').replace('Z', '');
}
