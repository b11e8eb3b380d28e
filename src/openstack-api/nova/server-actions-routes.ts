import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { emptyJson, type NovaRoute } from './nova-request';
import { parseServerAction } from './server-action-body';
import { serverRebuildView } from './server-view';

/**
 * `POST /servers/{id}/action`: the server actions the simulator carries out, with the
 * answers Nova gives. The simulator applies Nova's state and lock rules, so refusals
 * are Nova's own 409 texts.
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
      const action = parseServerAction(request.body, call.minor);
      const { scope } = call;
      const cloud = ctx.cloud;
      switch (action.kind) {
        case 'start':
          await ctx.run(() => cloud.startServer(scope, id));
          return emptyJson(reply, 202);
        case 'stop':
          await ctx.run(() => cloud.stopServer(scope, id));
          return emptyJson(reply, 202);
        case 'reboot':
          await ctx.run(() => cloud.rebootServer(scope, id, action.type));
          return emptyJson(reply, 202);
        case 'simple':
          await ctx.run(() => cloud.changeServerState(scope, id, action.action));
          return emptyJson(reply, action.action === 'confirmResize' ? 204 : 202);
        case 'resize':
          await ctx.run(() => cloud.resizeServer(scope, id, action.flavorId, action.diskConfig));
          return emptyJson(reply, 202);
        case 'changePassword':
          await ctx.run(() => cloud.changeServerPassword(scope, id));
          return emptyJson(reply, 202);
        // Soft delete is off (as on the lab cloud): a force delete is a delete, and nothing
        // is ever soft-deleted to restore.
        case 'forceDelete':
          await ctx.run(() => cloud.deleteServer(scope, id));
          return emptyJson(reply, 202);
        case 'restore':
          await ctx.run(() => cloud.restoreServer(scope, id));
          return emptyJson(reply, 202);
        case 'createBackup': {
          const { name, type, rotation, metadata } = action;
          const imageId = await ctx.run(() =>
            cloud.createServerBackup(scope, id, { name, type, rotation, metadata }),
          );
          // From 2.45 the id is in the body; before, in a Location to Nova's image API.
          if (call.minor >= 45) return sendJson(reply, { image_id: imageId }, 202);
          void reply.header('location', `${call.urls.api}/images/${imageId}`);
          return emptyHtml(reply);
        }
        case 'rescue':
          await ctx.run(() => cloud.rescueServer(scope, id, action.imageId));
          return sendJson(reply, { adminPass: newPassword() }, 200);
        case 'lock':
          await ctx.run(() => cloud.lockServer(scope, id, action.reason));
          return emptyJson(reply, 202);
        case 'unlock':
          await ctx.run(() => cloud.unlockServer(scope, id));
          return emptyJson(reply, 202);
        case 'console': {
          const output = await ctx.run(() => cloud.consoleOutput(scope, id, action.lines));
          return sendJson(reply, { output }, 200);
        }
        case 'rebuild': {
          // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the rest is the request
          const { kind, ...rebuild } = action;
          const { row, flavor, addresses, tags } = await ctx.run(async () => {
            const row = await cloud.rebuildServer(scope, id, rebuild);
            return {
              row,
              flavor: await cloud.flavor(row.flavorId),
              addresses: (await cloud.serverAddresses([row])).get(row.id) ?? [],
              tags: await cloud.tagsOf(id),
            };
          });
          // The server as accepted (REBUILD, task_state rebuilding), with a Location to it,
          // the new admin password and, from 2.57, its user data: Nova's answer.
          const server = serverRebuildView(row, { ...call, flavor, tags, show: true, addresses });
          void reply.header('location', `${call.urls.api}/servers/${id}`);
          const userData = call.minor >= 57 ? { user_data: row.userData } : {};
          return sendJson(
            reply,
            { server: { ...server, adminPass: newPassword(), ...userData } },
            202,
          );
        }
        case 'createImage': {
          const imageId = await ctx.run(() =>
            cloud.createServerImage(scope, id, action.name, action.metadata),
          );
          // From 2.45 the id is in the body; before, only in a Location header to Glance
          // (and Nova's empty answer is then labelled HTML).
          if (call.minor >= 45) return sendJson(reply, { image_id: imageId }, 202);
          void reply.header('location', `${call.baseUrl}/image/images/${imageId}`);
          return emptyHtml(reply);
        }
      }
    }),
  );
}

/** 202 with no body, labelled as Nova's webob labels a bare 202: HTML. */
function emptyHtml(reply: FastifyReply): FastifyReply {
  return reply.code(202).header('content-type', 'text/html; charset=UTF-8').send();
}

/** A generated admin password, as Nova answers rescue and rebuild with. */
function newPassword(): string {
  return randomBytes(9).toString('base64url');
}
