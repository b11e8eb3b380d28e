import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DomainError } from '../errors/domain-error';
import { Errors } from '../errors/errors';
import { BODY_LIMIT_BYTES } from './problem-details.filter';
import { PROBLEM_JSON, problemOf } from './problem-details';

/**
 * The routes that take `application/octet-stream` (`METHOD /route/:params`): their
 * handler gets the request body as the raw stream, to read as it arrives, never
 * buffered and without the 64 KiB JSON limit (the handler sets its own). Anywhere else
 * that type is 415 like any type but JSON.
 */
export const OCTET_STREAM_ROUTES: ReadonlySet<string> = new Set(['PUT /api/v1/images/:id/file']);

/**
 * The REST API's body parsers: `application/json`, where an empty body is no body
 * (many clients send the header on every request, body-less actions included), and the
 * raw `application/octet-stream` of `OCTET_STREAM_ROUTES`. Nest's own parsers are off
 * (`bodyParser: false`), so a form-encoded or text body is 415.
 */
export function useJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      void parseJson(request, text, done);
    },
  );
  fastify.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    if (OCTET_STREAM_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
      return done(null, payload);
    }
    done(Errors.unsupportedMediaType(), undefined);
  });
}

/**
 * Answers what Node's HTTP parser refuses before any route sees it (a header too large,
 * a malformed request line or header, a request that never finished) as problem+json,
 * like every other error, instead of Fastify's own JSON shape.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let problem: DomainError;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') problem = Errors.requestTimeout();
  else if (error.code === 'HPE_HEADER_OVERFLOW') problem = Errors.headersTooLarge();
  else problem = Errors.malformedRequest();
  // The path cannot be trusted (it may be what failed to parse): the instance is the root.
  const body = JSON.stringify(problemOf(problem, '/'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problemOf(problem, '/').title}\r\n` +
        `Content-Type: ${PROBLEM_JSON}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
