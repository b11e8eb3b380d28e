import type { FastifyInstance } from 'fastify';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { emptyJson, type NovaRoute } from './nova-request';
import { parseServerAction } from './server-action-body';

/**
 * `POST /servers/{id}/action` for os-start, os-stop, reboot and createImage. The
 * simulator applies Nova's state rules, so refusals are Nova's own 409 texts.
 */
export function registerServerActionRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  api.post(
    '/servers/:id/action',
    route(async (call, request, reply) => {
      const { id } = request.params as { id: string };
      const action = parseServerAction(request.body);
      const { scope } = call;
      switch (action.kind) {
        case 'start':
          await ctx.run(() => ctx.cloud.startServer(scope, id));
          return emptyJson(reply, 202);
        case 'stop':
          await ctx.run(() => ctx.cloud.stopServer(scope, id));
          return emptyJson(reply, 202);
        case 'reboot':
          await ctx.run(() => ctx.cloud.rebootServer(scope, id, action.type));
          return emptyJson(reply, 202);
        case 'createImage': {
          const imageId = await ctx.run(() =>
            ctx.cloud.createServerImage(scope, id, action.name, action.metadata),
          );
          // From 2.45 the id is in the body; before, only in a Location header to Glance.
          if (call.minor >= 45) return sendJson(reply, { image_id: imageId }, 202);
          void reply.header('location', `${call.baseUrl}/image/images/${imageId}`);
          return emptyJson(reply, 202);
        }
      }
    }),
  );
}
