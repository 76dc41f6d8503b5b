/**
 * Reads a request body stream into one buffer, with a size cap, for the verifier middleware.
 */
import type { Readable } from 'node:stream';

/**
 * Reads `stream` to its end. Resolves with `undefined`, without waiting for the rest, as soon as the
 * body exceeds `limit` bytes (the remainder is discarded as it arrives). Rejects when the stream errors or closes before its end.
 *
 * @param stream - the request (or Fastify payload) stream.
 * @param limit - the most bytes accepted.
 */
export function readRequestBody(stream: Readable, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      size += bytes.length;
      if (size > limit) {
        cleanup();
        stream.resume();
        resolve(undefined);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error?: Error): void => {
      cleanup();
      reject(error ?? new Error('The request closed before its body ended'));
    };
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onError);
  });
}
