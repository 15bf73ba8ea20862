// Trace and span ids travel as raw bytes in protobuf and as hex in OTLP/JSON; the decoded model
// keeps lowercase hex. A 256-entry table turns each byte into its two characters in one step.

const BYTE_TO_HEX: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes[start..end)`; '' for an empty range. */
export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let hex = '';
  for (let i = start; i < end; i++) hex += BYTE_TO_HEX[bytes[i]!]!;
  return hex;
}
