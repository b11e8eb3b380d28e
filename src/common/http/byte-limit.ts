import type { Readable } from 'node:stream';

/** A streamed body grew past its limit. */
export class ByteLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`The body exceeds ${limit} bytes.`);
  }
}

/**
 * `source`'s pieces as they come, failing with `ByteLimitExceeded` as soon as more than
 * `limit` bytes have come: nothing is buffered, and a body over the limit is never read
 * to its end.
 */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  limit: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const piece of source) {
    total += piece.byteLength;
    if (total > limit) throw new ByteLimitExceeded(limit);
    yield piece;
  }
}

/**
 * A request body's pieces, read without destroying the request when the reader stops
 * early (a size limit, a refused upload): the socket then stays up for the error answer.
 */
export function bodyPieces(body: Readable): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => body.iterator({ destroyOnReturn: false }) };
}

/** The request's `Content-Length`, when it gives one that is a number. */
export function declaredLength(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}
