import type { FastifyInstance } from 'fastify';
import { param, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { flavorDetail, flavorSummary } from './flavor-view';
import { novaPage } from './list-params';
import { NovaError } from './nova-errors';
import type { NovaCall, NovaRoute } from './nova-request';

/**
 * `/flavors`, `/flavors/detail` (minRam, minDisk, limit, marker), `/flavors/{id}` and its
 * (empty) `os-extra_specs`.
 */
export function registerFlavorRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  const list = async (call: NovaCall, rawQuery: unknown, detail: boolean) => {
    const query = rawQuery as Query;
    const minRam = Number(param(query, 'minRam') ?? 0);
    const minDisk = Number(param(query, 'minDisk') ?? 0);
    if (!Number.isFinite(minRam) || !Number.isFinite(minDisk)) {
      throw new NovaError(400, 'Invalid minRam or minDisk filter.');
    }
    const rows = (await ctx.run(() => ctx.cloud.flavors())).filter(
      (f) => f.ramMb >= minRam && f.diskGb >= minDisk,
    );
    const { page, full } = novaPage(rows, query);
    const view = detail ? flavorDetail : flavorSummary;
    const flavors = page.map((row) => view(row, call.urls, call.minor));
    if (!full) return { flavors };
    const base = `${call.urls.api}/flavors${detail ? '/detail' : ''}`;
    const next = withQuery(base, query, { marker: page[page.length - 1].id });
    return { flavors, flavors_links: [{ rel: 'next', href: next }] };
  };

  api.get(
    '/flavors',
    route(async (call, request, reply) => sendJson(reply, await list(call, request.query, false))),
  );
  api.get(
    '/flavors/detail',
    route(async (call, request, reply) => sendJson(reply, await list(call, request.query, true))),
  );
  api.get(
    '/flavors/:id',
    route(async (call, request, reply) => {
      const { id } = request.params as { id: string };
      const row = await ctx.run(() => ctx.cloud.flavor(id));
      if (!row) throw new NovaError(404, `Flavor ${id} could not be found.`);
      return sendJson(reply, { flavor: flavorDetail(row, call.urls, call.minor) });
    }),
  );

  // The simulator's flavors have no extra specs; clients below 2.61 ask for them apart.
  api.get(
    '/flavors/:id/os-extra_specs',
    route(async (_call, request, reply) => {
      const { id } = request.params as { id: string };
      if (!(await ctx.run(() => ctx.cloud.flavor(id)))) {
        throw new NovaError(404, `Flavor ${id} could not be found.`);
      }
      return sendJson(reply, { extra_specs: {} });
    }),
  );
  api.get(
    '/flavors/:id/os-extra_specs/:key',
    route((_call, request) => {
      const { id, key } = request.params as { id: string; key: string };
      return Promise.reject(new NovaError(404, `Flavor ${id} has no extra specs with key ${key}.`));
    }),
  );
}
