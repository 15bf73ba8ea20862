// Fresh trace ids for pre-encoded OTLP bodies. A template body is encoded once; each send writes
// new ids over the template's at the offsets where they sit. A trace id is a fixed 16-byte
// protobuf field, so nothing else in the body moves, and every send is new executions at no
// encoding cost to the load generator.

export interface TemplateBody {
  body: Uint8Array;
  /** Per execution in the body (its slot): the byte offsets of its trace id, one per span. */
  traceIdOffsets: number[][];
  spans: number;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** The run's 8-byte prefix (16 hex digits), the send's sequence number, the execution's slot. */
export const traceIdHex = (prefixHex: string, seq: number, slot: number): string => `${prefixHex}${hex8(seq)}${hex8(slot)}`;

/** A copy of the template whose executions carry the trace ids of send `seq`. */
export function stampBody(template: TemplateBody, prefixHex: string, seq: number): Buffer {
  const body = Buffer.from(template.body);
  template.traceIdOffsets.forEach((offsets, slot) => {
    const id = Buffer.from(traceIdHex(prefixHex, seq, slot), 'hex');
    for (const offset of offsets) id.copy(body, offset);
  });
  return body;
}

/** Where each of `traceIds` (hex) occurs in the encoded body. */
export function findTraceIdOffsets(body: Uint8Array, traceIds: readonly string[]): number[][] {
  const haystack = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return traceIds.map((hex) => {
    const needle = Buffer.from(hex, 'hex');
    const offsets: number[] = [];
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) offsets.push(at);
    return offsets;
  });
}
