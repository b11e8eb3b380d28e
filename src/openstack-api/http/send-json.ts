import type { FastifyReply } from 'fastify';

/**
 * A JSON body with OpenStack's bare `application/json` content type. Sent as a Buffer:
 * Fastify appends `; charset=utf-8` to any JSON type given with a string or an object.
 */
export function sendJson(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}
