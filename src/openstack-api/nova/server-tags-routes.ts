import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CloudScope } from '../../compute/cloud-records';
import { checkTagList } from '../../simulator';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { bodyWith, noBody } from './nova-body';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaCall, type NovaRoute } from './nova-request';

type TagParams = { id: string; tag: string };

/** Server tags exist from this microversion; below it the routes are 404, as in Nova. */
const TAGS_MINOR = 26;

/**
 * `/servers/{id}/tags` (nova/api/openstack/compute/server_tags.py, microversion 2.26):
 * list, replace and remove all; check, add and remove one. Changes are allowed in
 * ACTIVE, SHUTOFF, PAUSED and SUSPENDED, during a task and on a locked server too (409
 * otherwise); at most 50 tags of 1–60 characters without `/` or `,` (400).
 */
export function registerServerTagRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  const cloud = ctx.cloud;

  /**
   * The scope to act in, after Nova's instance-mapping and policy checks: a server the
   * cloud never had is 404 ("no mapping to a cell"), another project's is 403 unless the
   * caller is an admin. (A deleted one is left to the call: "could not be found".)
   */
  const placed = async (call: NovaCall, id: string, policy: string): Promise<CloudScope> => {
    const placement = await cloud.serverProject(id);
    if (!placement) throw new NovaError(404, `Instance ${id} has no mapping to a cell.`);
    if (placement.projectId === call.scope.projectId) return call.scope;
    if (!call.scope.admin) {
      throw new NovaError(
        403,
        `Policy doesn't allow os_compute_api:os-server-tags:${policy} to be performed.`,
      );
    }
    return { projectId: placement.projectId, admin: true };
  };

  /** A tags route, 404 below 2.26. */
  const tagsRoute = (handler: Parameters<NovaRoute>[0]) =>
    route(async (call, request, reply) => {
      if (call.minor < TAGS_MINOR) throw new NovaError(404, 'The resource could not be found.');
      return handler(call, request, reply);
    });

  api.get(
    '/servers/:id/tags',
    tagsRoute(async (call, request, reply) => {
      const { id } = request.params as TagParams;
      const tags = await ctx.run(async () => cloud.serverTags(await placed(call, id, 'index'), id));
      return sendJson(reply, { tags });
    }),
  );

  api.put(
    '/servers/:id/tags',
    tagsRoute(async (call, request, reply) => {
      const { id } = request.params as TagParams;
      const wanted = bodyWith(request.body, 'tags', checkTagList);
      const tags = await ctx.run(async () =>
        cloud.setServerTags(await placed(call, id, 'update_all'), id, wanted),
      );
      return sendJson(reply, { tags });
    }),
  );

  api.delete(
    '/servers/:id/tags',
    tagsRoute(async (call, request, reply) => {
      const { id } = request.params as TagParams;
      await ctx.run(async () => cloud.removeServerTags(await placed(call, id, 'delete_all'), id));
      return emptyJson(reply, 204);
    }),
  );

  api.get(
    '/servers/:id/tags/:tag',
    tagsRoute(async (call, request, reply) => {
      const { id, tag } = request.params as TagParams;
      const tags = await ctx.run(async () => cloud.serverTags(await placed(call, id, 'show'), id));
      if (!tags.includes(tag)) throw new NovaError(404, `Server ${id} has no tag '${tag}'`);
      return emptyJson(reply, 204);
    }),
  );

  // Nova answers an added tag with 201 and a Location, one the server had with 204;
  // both with webob's default HTML content type and no body.
  api.put(
    '/servers/:id/tags/:tag',
    tagsRoute(async (call, request, reply) => {
      const { id, tag } = request.params as TagParams;
      noBody(request.body);
      const added = await ctx.run(async () =>
        cloud.addServerTag(await placed(call, id, 'update'), id, tag),
      );
      if (added)
        void reply.header('location', `${call.urls.api}/servers/${id}/tags/${headerSafe(tag)}`);
      return emptyHtml(reply, added ? 201 : 204);
    }),
  );

  api.delete(
    '/servers/:id/tags/:tag',
    tagsRoute(async (call, request, reply) => {
      const { id, tag } = request.params as TagParams;
      await ctx.run(async () => cloud.removeServerTag(await placed(call, id, 'delete'), id, tag));
      return emptyJson(reply, 204);
    }),
  );
}

function emptyHtml(reply: FastifyReply, status: 201 | 204): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=UTF-8').send();
}

/** A tag as it can stand in a header: printable ASCII as is, anything else %-encoded. */
function headerSafe(tag: string): string {
  return tag.replace(/[^\x21-\x7e]/gu, (char) => encodeURIComponent(char));
}
