import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  type MockFlavorEntity,
  type MockServerEntity,
  type PortAddress,
  novaStatus,
} from '../../simulator';
import { param, params, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { parseCreateServer } from './create-server-body';
import { nameMatcher } from './name-filter';
import { parseSchedulerHints } from './scheduler-hints';
import { novaPage, timeOf } from './list-params';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaCall, type NovaRoute } from './nova-request';
import { addressesView, serverDetail, serverSummary, serverUpdateView } from './server-view';
import { parseUpdateServer } from './update-server-body';

type IdParams = { Params: { id: string } };

/** `/servers`: create, list (summary and detail), show, update (rename), delete, and `ips`. */
export function registerServerRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  api.post(
    '/servers',
    route(async (call, request, reply) => {
      const create = parseCreateServer(request.body, call.minor);
      const hints = parseSchedulerHints(request.body);
      const { name, networks } = create.request;
      if (create.count > 1 && Array.isArray(networks) && networks.some((n) => n.fixedIp)) {
        throw new NovaError(
          400,
          'Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.',
        );
      }
      const created = await ctx.run(async () => {
        // Every port of the simulated cloud belongs to a server: one asked for is taken.
        for (const port of create.ports) {
          if (await ctx.cloud.port(call.scope, port)) {
            throw new NovaError(409, `Port ${port} is still in use.`);
          }
          throw new NovaError(400, `Port id ${port} could not be found.`);
        }
        const servers = [];
        const group = hints.group;
        const placement =
          group === undefined
            ? undefined
            : ctx.cloud.serverGroups.placement(call.scope, group, create.count);
        for (let i = 1; i <= create.count; i++) {
          const request = { ...create.request, name: create.count > 1 ? `${name}-${i}` : name };
          servers.push(await ctx.cloud.createServer(call.scope, request, placement));
        }
        return servers;
      });
      const id = created[0].id;
      const body = create.returnReservationId
        ? { reservation_id: `r-${randomBytes(6).toString('hex').slice(0, 8)}` }
        : {
            server: {
              id,
              links: call.urls.links('servers', id),
              'OS-DCF:diskConfig': create.request.diskConfig ?? 'MANUAL',
              security_groups: [{ name: 'default' }],
              adminPass: create.adminPass,
            },
          };
      void reply.header('location', `${call.urls.api}/servers/${id}`);
      return sendJson(reply, body, 202);
    }),
  );

  api.get(
    '/servers',
    route(async (call, request, reply) =>
      sendJson(reply, await list(ctx, call, request.query, false)),
    ),
  );
  api.get(
    '/servers/detail',
    route(async (call, request, reply) =>
      sendJson(reply, await list(ctx, call, request.query, true)),
    ),
  );

  api.get(
    '/servers/:id',
    route(async (call, request, reply) => {
      const id = (request.params as IdParams['Params']).id;
      const { row, flavor, addresses, tags, serverGroups } = await ctx.run(async () => {
        const row = await ctx.cloud.server(call.scope, id);
        if (!row) return { row, flavor: null, addresses: [], tags: [], serverGroups: [] };
        const addresses = (await ctx.cloud.serverAddresses([row])).get(row.id) ?? [];
        return {
          row,
          flavor: await ctx.cloud.flavor(row.flavorId),
          addresses,
          tags: await ctx.cloud.tagsOf(id),
          serverGroups: await ctx.cloud.serverGroups.groupIdsOf(id),
        };
      });
      if (!row) throw new NovaError(404, `Instance ${id} could not be found.`);
      return sendJson(reply, {
        server: serverDetail(row, { ...call, flavor, tags, show: true, addresses, serverGroups }),
      });
    }),
  );

  // Nova checks neither the lock nor the state for a rename. Its answer shows the
  // server's `updated` time from before the change (seen on Nova Zed).
  api.put(
    '/servers/:id',
    route(async (call, request, reply) => {
      const id = (request.params as IdParams['Params']).id;
      const changes = parseUpdateServer(request.body, call.minor);
      const { server, updatedBefore, flavor, tags, addresses } = await ctx.run(async () => {
        const updated = await ctx.cloud.updateServer(call.scope, id, changes);
        return {
          ...updated,
          flavor: await ctx.cloud.flavor(updated.server.flavorId),
          tags: await ctx.cloud.tagsOf(id),
          addresses: (await ctx.cloud.serverAddresses([updated.server])).get(id) ?? [],
        };
      });
      const shown = { ...server, updatedAt: updatedBefore };
      const serverGroups = await ctx.run(() => ctx.cloud.serverGroups.groupIdsOf(id));
      const options = { ...call, flavor, tags, addresses, show: true, serverGroups };
      return sendJson(reply, { server: serverUpdateView(shown, options) });
    }),
  );

  // `GET /servers/{id}/ips[/{network}]` (ips.py): the addresses, version and addr only.
  const ipsOf = async (call: NovaCall, id: string) => {
    const addresses = await ctx.run(async () => {
      const row = await ctx.cloud.server(call.scope, id);
      return row ? ((await ctx.cloud.serverAddresses([row])).get(row.id) ?? []) : null;
    });
    if (!addresses) throw new NovaError(404, `Instance ${id} could not be found.`);
    const view = addressesView(addresses);
    return Object.fromEntries(
      Object.entries(view).map(([network, list]) => [
        network,
        list.map(({ version, addr }) => ({ version, addr })),
      ]),
    );
  };
  api.get(
    '/servers/:id/ips',
    route(async (call, request, reply) => {
      const id = (request.params as IdParams['Params']).id;
      return sendJson(reply, { addresses: await ipsOf(call, id) });
    }),
  );
  api.get(
    '/servers/:id/ips/:network',
    route(async (call, request, reply) => {
      const { id, network } = request.params as { id: string; network: string };
      const ips = await ipsOf(call, id);
      if (!(network in ips)) {
        throw new NovaError(404, 'Instance is not a member of specified network');
      }
      return sendJson(reply, { [network]: ips[network] });
    }),
  );

  api.delete(
    '/servers/:id',
    route(async (call, request, reply) => {
      const id = (request.params as IdParams['Params']).id;
      await ctx.run(() => ctx.cloud.deleteServer(call.scope, id));
      return emptyJson(reply, 204);
    }),
  );
}

/**
 * `GET /servers[/detail]`: newest first, `name` (a regular expression, as Nova takes it)
 * and `status` filters, from 2.26 the tag filters (`tags`, `tags-any`, `not-tags`,
 * `not-tags-any`), `changes-since` (deleted servers included) and, from 2.66,
 * `changes-before`; `limit`/`marker` pages with a `servers_links` next link when full.
 */
async function list(ctx: OpenStackApiContext, call: NovaCall, rawQuery: unknown, detail: boolean) {
  const query = rawQuery as Query;
  const changesSince = timeOf(query, 'changes-since');
  const changesBefore = call.minor >= 66 ? timeOf(query, 'changes-before') : undefined;
  if (changesSince && changesBefore && changesSince > changesBefore) {
    throw new NovaError(
      400,
      'The value of changes-since must be less than or equal to changes-before.',
    );
  }
  const tagFilter = tagFilterOf(query, call.minor);
  const nameAndStatus = await filterOf(query);
  const { page, full, flavors, addresses, tags } = await ctx.run(async () => {
    const rows = await ctx.cloud.servers(call.scope, { changesSince, changesBefore });
    const tags =
      detail || tagFilter ? await ctx.cloud.tagsByServer(call.scope) : new Map<string, string[]>();
    const matches = (row: MockServerEntity) =>
      nameAndStatus(row) && (!tagFilter || tagFilter(tags.get(row.id) ?? []));
    const { page, full } = novaPage(rows.filter(matches), query);
    return {
      page,
      full,
      tags,
      flavors: detail ? await ctx.cloud.flavors(true) : [],
      addresses: detail ? await ctx.cloud.serverAddresses(page) : new Map<string, PortAddress[]>(),
    };
  });
  const byId = new Map<string, MockFlavorEntity>(flavors.map((f) => [f.id, f]));
  const servers = page.map((row) =>
    detail
      ? serverDetail(row, {
          ...call,
          flavor: byId.get(row.flavorId) ?? null,
          tags: tags.get(row.id),
          show: false,
          addresses: addresses.get(row.id) ?? [],
        })
      : serverSummary(row, call.urls),
  );
  if (!full) return { servers };
  const base = `${call.urls.api}/servers${detail ? '/detail' : ''}`;
  const next = withQuery(base, query, { marker: page[page.length - 1].id });
  return { servers, servers_links: [{ rel: 'next', href: next }] };
}

/** An id, or the last segment of a URL to the resource (Nova takes either for image and flavor). */
const idOf = (ref: string | undefined) => (ref === undefined ? undefined : ref.split('/').pop());

async function filterOf(query: Query): Promise<(row: MockServerEntity) => boolean> {
  const name = param(query, 'name');
  const statuses = params(query, 'status').map((s) => s.toUpperCase());
  const image = idOf(param(query, 'image'));
  const flavor = idOf(param(query, 'flavor'));
  const nameMatches = name === undefined ? () => true : await nameMatcher(name);
  return (row) =>
    nameMatches(row.name) &&
    (image === undefined || row.imageId === image) &&
    (flavor === undefined || row.flavorId === flavor) &&
    (statuses.length === 0 || statuses.includes(novaStatus(row.vmState, row.taskState)));
}

/**
 * Nova's tag filters (2.26; ignored before, as Nova drops them for non-admins): each a
 * comma-separated list, the last one given counting. `tags`: every one of them;
 * `tags-any`: at least one; `not-tags`: not every one; `not-tags-any`: none. Null when
 * none is given.
 */
function tagFilterOf(query: Query, minor: number): ((tags: string[]) => boolean) | null {
  if (minor < 26) return null;
  const lists = TAG_FILTERS.map((name) => {
    const value = param(query, name);
    if (value === '') {
      throw new NovaError(
        400,
        `Invalid input for query parameters ${name}. Value: . '' is not a 'regex'`,
      );
    }
    return value === undefined ? null : value.split(',');
  });
  if (lists.every((list) => list === null)) return null;
  const [all, any, notAll, notAny] = lists;
  return (tags) => {
    const has = (tag: string) => tags.includes(tag);
    return (
      (all === null || all.every(has)) &&
      (any === null || any.some(has)) &&
      (notAll === null || !notAll.every(has)) &&
      (notAny === null || !notAny.some(has))
    );
  };
}

const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;
