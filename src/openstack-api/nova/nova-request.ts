import type { FastifyReply, FastifyRequest } from 'fastify';
import { refusedBody } from '../http/lenient-json';
import { tokenGuard, type Caller } from '../http/token-guard';
import type { OpenStackApiContext } from '../openstack-api-context';
import { negotiate } from './microversion';
import { answerNovaError, writeNovaError } from './nova-errors';
import { NovaUrls } from './nova-urls';

/** Everything a Nova handler needs about its request. */
export interface NovaCall extends Caller {
  /** The negotiated microversion's minor number (2.<minor>). */
  minor: number;
  urls: NovaUrls;
}

type Handler = (call: NovaCall, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type RouteHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Turns a Nova handler into a route handler: guarded, negotiated, errors answered. */
export type NovaRoute = (handler: Handler) => RouteHandler;

/**
 * Builds the wrapper every Nova API route goes through: faults and token first (as
 * keystonemiddleware runs before Nova), then the microversion (400/406), then the
 * handler, whose Nova and cloud errors are answered in Nova's format.
 */
export function novaRoutes(ctx: OpenStackApiContext): NovaRoute {
  const guard = tokenGuard(ctx, 'compute', writeNovaError);
  return (handler) => async (request, reply) => {
    const caller = await guard(request, reply);
    if (!caller) return reply;
    const refused = refusedBody(request);
    if (refused) return writeNovaError(reply, refused.status, refused.message);
    const negotiation = negotiate(request.headers);
    if (!negotiation.ok) return writeNovaError(reply, negotiation.status, negotiation.message);
    // The simulator records the request id the response carries on the actions it starts.
    const requestId = reply.getHeader('x-compute-request-id');
    const call: NovaCall = {
      ...caller,
      scope: typeof requestId === 'string' ? { ...caller.scope, requestId } : caller.scope,
      minor: negotiation.minor,
      urls: new NovaUrls(caller.baseUrl),
    };
    try {
      return await handler(call, request, reply);
    } catch (error) {
      return answerNovaError(reply, error);
    }
  };
}

/** 202/204 with no body but Nova's JSON content type. */
export function emptyJson(reply: FastifyReply, status: 202 | 204): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send();
}
