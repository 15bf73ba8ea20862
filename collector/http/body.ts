// Reads a request body under a size limit and undoes its Content-Encoding, with errors that say
// which limit or which encoding failed. The limit holds for the decompressed size too, so a small
// gzip bomb cannot expand past it.
import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/** The body in the chunks it arrived in (put together by whoever needs it whole). */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array[]> {
  if (!stream) return [];
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyError(413, `request body exceeds the limit of ${limit} bytes (VIGIL_MAX_BODY_BYTES)`);
    }
    chunks.push(value);
  }
  return chunks;
}

export async function decodeContent(body: Uint8Array[], contentEncoding: string | undefined, limit: number): Promise<Uint8Array[]> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  const inflater = encoding === 'gzip' || encoding === 'x-gzip' ? gunzipAsync : encoding === 'deflate' ? inflateAsync : undefined;
  if (!inflater) throw new BodyError(415, `unsupported Content-Encoding ${JSON.stringify(contentEncoding)}: use gzip, deflate or identity`);
  try {
    return [await inflater(Buffer.concat(body), { maxOutputLength: limit })];
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BodyError(413, `decompressed request body exceeds the limit of ${limit} bytes (VIGIL_MAX_BODY_BYTES)`);
    }
    throw new BodyError(400, `invalid ${encoding} body: ${e.message}`);
  }
}
