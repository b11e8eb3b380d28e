import type { FastifyInstance } from 'fastify';
import type { Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { MAX_LIMIT } from './list-params';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaRoute } from './nova-request';
import { checkRules, parseServerGroupCreate, parseServerGroupQuery } from './server-group-body';
import { serverGroupView } from './server-group-view';

type IdParams = { id: string };

const notFound = (id: string) => new NovaError(404, `Instance group ${id} could not be found.`);

/**
 * `/os-server-groups` as Nova serves it: create (200, at every microversion), list (the
 * project's, or with `all_projects` every project's for an admin; `offset`/`limit`),
 * show and delete (204). Another project's group is unknown (404), except to an admin.
 */
export function registerServerGroupRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  api.post(
    '/os-server-groups',
    route(async (call, request, reply) => {
      const create = parseServerGroupCreate(request.body, call.minor);
      const row = await ctx.run(async () => {
        // Nova checks the quota before the rules.
        await ctx.cloud.serverGroups.checkQuota(call.scope);
        checkRules(create);
        return ctx.cloud.serverGroups.create(call.scope, create);
      });
      return sendJson(reply, { server_group: serverGroupView(row, call.minor) });
    }),
  );

  api.get(
    '/os-server-groups',
    route(async (call, request, reply) => {
      const { offset, limit, allProjects } = parseServerGroupQuery(
        request.query as Query,
        call.minor,
      );
      const rows = await ctx.run(() => ctx.cloud.serverGroups.list(call.scope, allProjects));
      const size = Math.min(MAX_LIMIT, limit || MAX_LIMIT);
      const page = rows.slice(offset, offset + size);
      return sendJson(reply, {
        server_groups: page.map((row) => serverGroupView(row, call.minor)),
      });
    }),
  );

  api.get(
    '/os-server-groups/:id',
    route(async (call, request, reply) => {
      const { id } = request.params as IdParams;
      const row = await ctx.run(() => ctx.cloud.serverGroups.get(call.scope, id));
      if (!row) throw notFound(id);
      return sendJson(reply, { server_group: serverGroupView(row, call.minor) });
    }),
  );

  api.delete(
    '/os-server-groups/:id',
    route(async (call, request, reply) => {
      const { id } = request.params as IdParams;
      if (!(await ctx.run(() => ctx.cloud.serverGroups.delete(call.scope, id)))) {
        throw notFound(id);
      }
      return emptyJson(reply, 204);
    }),
  );
}
