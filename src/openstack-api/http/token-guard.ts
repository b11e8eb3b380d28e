import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CloudScope } from '../../compute/cloud-records';
import type { OpenStackService } from '../faults/openstack-faults';
import { writeKeystoneError } from '../keystone/keystone-errors';
import type { TokenClaims } from '../keystone/token-codec';
import type { OpenStackApiContext } from '../openstack-api-context';
import { applyFault, UNAUTHORIZED_MESSAGE, type ErrorWriter } from './fault-guard';

/** Who an authenticated Nova/Glance call acts for. */
export interface Caller {
  claims: TokenClaims;
  scope: CloudScope;
  baseUrl: string;
}

/** Answers the call (fault or 401) and returns null, or returns the caller. */
export type TokenGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Caller | null>;

/**
 * What keystonemiddleware does in front of Nova and Glance: (injected faults first, then)
 * `X-Auth-Token` must be an authentic, unexpired token whose API key still works;
 * otherwise Keystone's 401 body with `WWW-Authenticate`.
 */
export function tokenGuard(
  ctx: OpenStackApiContext,
  service: OpenStackService,
  write: ErrorWriter,
): TokenGuard {
  return async (request, reply) => {
    const baseUrl = ctx.baseUrl(request);
    const unauthorized = (r: FastifyReply) =>
      writeKeystoneError(r, 401, UNAUTHORIZED_MESSAGE, {
        'www-authenticate': `Keystone uri="${baseUrl}/identity"`,
      });
    if (applyFault(ctx.faults, service, request, reply, write, unauthorized)) return null;
    const claims = await ctx.verifyToken(request.headers['x-auth-token']);
    if (!claims) {
      void unauthorized(reply);
      return null;
    }
    // An admin token may act on a locked server, as a cloud admin may in Nova.
    const scope = { projectId: claims.projectId, admin: claims.role === 'admin' };
    return { claims, scope, baseUrl };
  };
}
