import type { FastifyInstance } from 'fastify';
import { Errors } from '../common/errors/errors';
import { writeProblem } from '../common/http/problem-details';
import type { ApiKeysService } from './api-keys.service';
import type { AuthenticatedRequest } from './auth.decorators';
import type { Principal } from './principal';

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;
/** The REST API's paths that need no key (the health probes). */
const PUBLIC = /^\/api\/v1\/health(?:\/|\?|$)/;

/** The principal of an `Authorization: Bearer <key>` header, or null. */
export async function principalOf(
  apiKeys: ApiKeysService,
  header: string | undefined,
): Promise<Principal | null> {
  const match = BEARER.exec(header ?? '');
  return match ? apiKeys.authenticate(match[1]) : null;
}

/**
 * Authenticates REST requests as they arrive, before their body is read or parsed: a
 * caller without a valid key learns nothing from body errors and costs no parsing. The
 * principal is left on the request for `AuthGuard`, which still decides per route
 * (public routes, admin-only routes).
 */
export function authenticateOnArrival(fastify: FastifyInstance, apiKeys: ApiKeysService): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const url = request.url;
    // A CORS preflight carries no credentials by design.
    if (request.method === 'OPTIONS') return;
    if (!url.startsWith('/api/v1/') || PUBLIC.test(url)) return;
    const principal = await principalOf(apiKeys, request.headers.authorization);
    if (!principal) {
      void reply.header('x-request-id', request.id);
      writeProblem(reply, Errors.unauthenticated(), url.split('?')[0]);
      return reply;
    }
    (request as AuthenticatedRequest).principal = principal;
  });
}
