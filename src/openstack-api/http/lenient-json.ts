import type { FastifyInstance } from 'fastify';

/** The error a body that is not JSON raises (rendered by each service's error handler). */
export class MalformedBodyError extends Error {
  readonly statusCode = 400;
}

/**
 * OpenStack services take JSON whatever the declared content type, and an empty body
 * (e.g. a DELETE sent with `Content-Type: application/json`) is no body. Scoped to the
 * plugin it is called in: the REST API keeps its strict parsers.
 */
export function useLenientJson(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new MalformedBodyError('Malformed request body'), undefined);
    }
  });
}
