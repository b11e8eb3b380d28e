import type { FastifyInstance } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { pinoHttp, type Options } from 'pino-http';

/**
 * The request log, from a Fastify `onRequest` hook rather than from Nest's middleware
 * layer (on Fastify that runs each middleware through @fastify/middie's own router, a
 * few percent of a small read's CPU): pino-http's line per answer, on `logger` (the root
 * logger nestjs-pino made: its level and redaction), and the request's logger bound for
 * the rest of the request, where nestjs-pino looks for it, so that what the app logs
 * while serving a request carries the request.
 */
export function registerRequestLog(
  fastify: FastifyInstance,
  logger: Logger,
  options: Options,
): void {
  const requestLog = pinoHttp({ ...options, logger });
  fastify.addHook('onRequest', (request, reply, done) => {
    // pino-http takes the request's id from here (Fastify's own, see request-id.ts).
    (request.raw as { id?: string }).id = request.id;
    requestLog(request.raw, reply.raw);
    storage.run(new Store(request.raw.log), done);
  });
}
