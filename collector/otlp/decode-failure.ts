// Decoders throw a DecodeFailure where a value is wrong and let each enclosing level add its name
// as the failure unwinds, so the hot path never builds location strings for valid input.

/** Internal to the decoders: a failure with the location collected so far, outermost first. */
export class DecodeFailure extends Error {
  readonly path: string[] = [];
}

/** Any error thrown while decoding, as a DecodeFailure (errors of the protobuf Reader included). */
export function asFailure(error: unknown): DecodeFailure {
  if (error instanceof DecodeFailure) return error;
  if (error instanceof RangeError && error.message.startsWith('index out of range')) {
    return new DecodeFailure('truncated input');
  }
  if (error instanceof RangeError && error.message.includes('call stack')) {
    return new DecodeFailure('values nested too deeply');
  }
  return new DecodeFailure(error instanceof Error ? error.message : String(error));
}

/** Adds `segment` (e.g. `spans[3]`) in front of the failure's path. */
export function atSegment(error: unknown, segment: string): DecodeFailure {
  const failure = asFailure(error);
  failure.path.unshift(segment);
  return failure;
}

export function formatPath(path: readonly string[]): string {
  return path.length === 0 ? '(request)' : path.join('.');
}
