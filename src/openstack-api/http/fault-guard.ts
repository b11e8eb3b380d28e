import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenStackFaults, OpenStackService } from '../faults/openstack-faults';

/** How a service writes an error: status, message, extra headers. */
export type ErrorWriter = (
  reply: FastifyReply,
  status: number,
  message: string,
  headers?: Record<string, string>,
) => FastifyReply;

/** keystonemiddleware's 401, which Nova and Glance both answer with. */
export const UNAUTHORIZED_MESSAGE = 'The request you have made requires authentication.';

/**
 * Inflicts the next injected fault of `service` on this call, if any. Returns true when
 * the call has been answered (or its connection dropped) and must go no further.
 */
export function applyFault(
  faults: OpenStackFaults,
  service: OpenStackService,
  request: FastifyRequest,
  reply: FastifyReply,
  write: ErrorWriter,
  unauthorized: (reply: FastifyReply) => FastifyReply,
): boolean {
  const fault = faults.take(service);
  if (!fault) return false;
  switch (fault.kind) {
    case 'drop':
      // No response at all: the client sees its connection reset.
      reply.hijack();
      request.raw.socket.destroy();
      return true;
    case 'unauthorized':
      void unauthorized(reply);
      return true;
    case 'unavailable':
      void write(reply, 503, 'The service is unavailable (injected fault). Retry later.');
      return true;
    case 'rateLimited':
      void write(reply, 429, 'Rate limit exceeded (injected fault). Retry later.', {
        'retry-after': String(fault.retryAfterSeconds),
      });
      return true;
  }
}
