import type { FastifyInstance } from 'fastify';
import { param, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { novaPage, timeOf } from './list-params';
import { NovaError } from './nova-errors';
import type { NovaCall, NovaRoute } from './nova-request';
import { instanceActionDetail, instanceActionView } from './instance-action-view';

/** `GET /servers/{id}/os-instance-actions[/{request_id}]`, from `mock_instance_actions`. */
export function registerInstanceActionRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  const load = async (call: NovaCall, serverId: string) => {
    const found = await ctx.run(() => ctx.cloud.instanceActions(call.scope, serverId));
    if (!found) throw new NovaError(404, `Instance ${serverId} could not be found.`);
    return found;
  };

  api.get(
    '/servers/:id/os-instance-actions',
    route(async (call, request, reply) => {
      const { id } = request.params as { id: string };
      const { actions } = await load(call, id);
      if (call.minor < 58) {
        return sendJson(reply, {
          instanceActions: actions.map((a) => instanceActionView(a, call.minor)),
        });
      }
      // 2.58: paging by request id, and changes-since on updated_at.
      const query = request.query as Query;
      const since = timeOf(query, 'changes-since');
      const rows = actions
        .filter((a) => !since || a.updatedAt >= since)
        .map((a) => ({ ...a, id: a.requestId }));
      const marker = param(query, 'marker');
      const { page, full } = novaPage(rows, query, `Marker ${marker} could not be found.`);
      const instanceActions = page.map((a) => instanceActionView(a, call.minor));
      if (!full) return sendJson(reply, { instanceActions });
      const base = `${call.urls.api}/servers/${id}/os-instance-actions`;
      const next = withQuery(base, query, { marker: page[page.length - 1].requestId });
      return sendJson(reply, { instanceActions, links: [{ rel: 'next', href: next }] });
    }),
  );

  api.get(
    '/servers/:id/os-instance-actions/:requestId',
    route(async (call, request, reply) => {
      const { id, requestId } = request.params as { id: string; requestId: string };
      const { server, actions } = await load(call, id);
      const index = actions.findIndex((a) => a.requestId === requestId);
      if (index < 0) {
        throw new NovaError(404, `Action for request_id ${requestId} on instance ${id} not found`);
      }
      const detail: Record<string, unknown> = instanceActionDetail(
        actions[index],
        server,
        index === 0,
        call.minor,
      );
      // Before 2.51 only admins see an action's events.
      if (call.minor < 51 && !call.scope.admin) delete detail.events;
      return sendJson(reply, { instanceAction: detail });
    }),
  );
}
