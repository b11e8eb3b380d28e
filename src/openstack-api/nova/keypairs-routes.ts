import type { FastifyInstance } from 'fastify';
import { param, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { userIdOf } from '../keystone/token-body';
import { checkKeypairQuery, parseKeypairCreate } from './keypair-body';
import { keypairCreated, keypairListEntry, keypairShown } from './keypair-view';
import { novaPage } from './list-params';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaCall, type NovaRoute } from './nova-request';

type NameParams = { name: string };
type Action = 'index' | 'show' | 'create' | 'delete';

/**
 * `/os-keypairs` as Nova serves it to a project's user: create (import, or generate below
 * 2.92), list (paged from 2.35), show and delete, each keyed by the caller's user. Status
 * codes by microversion: create 200 at 2.1 and 201 after; delete 202 at 2.1 and 204 after.
 */
export function registerKeypairRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  api.post(
    '/os-keypairs',
    route(async (call, request, reply) => {
      const create = parseKeypairCreate(request.body, call.minor);
      checkUser(call, create.userId, 'create');
      // Generating takes a while: outside the unit of work, and only once the request is valid.
      const generated =
        create.publicKey === undefined
          ? await ctx.cloud.generateKeypair(create.type, userIdOf(call.scope.projectId))
          : undefined;
      const row = await ctx.run(() =>
        ctx.cloud.createKeypair(call.scope, {
          name: create.name,
          type: create.type,
          publicKey: create.publicKey ?? generated!.publicKey,
        }),
      );
      const body = keypairCreated(row, call.minor, generated?.privateKey);
      return sendJson(reply, body, call.minor >= 2 ? 201 : 200);
    }),
  );

  api.get(
    '/os-keypairs',
    route(async (call, request, reply) => {
      const query = request.query as Query;
      checkKeypairQuery(query, call.minor, ['user_id', 'limit', 'marker']);
      if (call.minor >= 10) checkUser(call, param(query, 'user_id'), 'index');
      const rows = await ctx.run(() => ctx.cloud.keypairs(call.scope));
      if (call.minor < 35) {
        return sendJson(reply, { keypairs: rows.map((row) => keypairListEntry(row, call.minor)) });
      }
      const marker = param(query, 'marker');
      const { page, full } = novaPage(
        rows.map((row) => ({ row, id: row.name })),
        query,
        `Marker ${marker} could not be found.`,
      );
      const keypairs = page.map(({ row }) => keypairListEntry(row, call.minor));
      if (!full) return sendJson(reply, { keypairs });
      const next = withQuery(`${call.urls.api}/os-keypairs`, query, {
        marker: page[page.length - 1].id,
      });
      return sendJson(reply, { keypairs, keypairs_links: [{ rel: 'next', href: next }] });
    }),
  );

  api.get(
    '/os-keypairs/:name',
    route(async (call, request, reply) => {
      const { name } = request.params as NameParams;
      checkNamedQuery(call, request.query as Query, 'show');
      const row = await ctx.run(() => ctx.cloud.keypair(call.scope, name));
      if (!row) throw notFound(call, name);
      return sendJson(reply, keypairShown(row, call.minor));
    }),
  );

  api.delete(
    '/os-keypairs/:name',
    route(async (call, request, reply) => {
      const { name } = request.params as NameParams;
      checkNamedQuery(call, request.query as Query, 'delete');
      if (!(await ctx.run(() => ctx.cloud.deleteKeypair(call.scope, name)))) {
        throw notFound(call, name);
      }
      return emptyJson(reply, call.minor >= 2 ? 204 : 202);
    }),
  );
}

function checkNamedQuery(call: NovaCall, query: Query, action: Action): void {
  checkKeypairQuery(query, call.minor, ['user_id']);
  if (call.minor >= 10) checkUser(call, param(query, 'user_id'), action);
}

/**
 * `user_id` (2.10) names whose key pairs to act on: Nova's policy lets only admins name
 * another user. The simulator has one user per project and knows no other project's
 * user by id, so even an admin may name only itself.
 */
function checkUser(call: NovaCall, userId: string | undefined, action: Action): void {
  if (userId === undefined || userId === userIdOf(call.scope.projectId)) return;
  if (!call.scope.admin) {
    throw new NovaError(
      403,
      `Policy doesn't allow os_compute_api:os-keypairs:${action} to be performed.`,
    );
  }
  throw new NovaError(400, "Other users' key pairs are not supported by this simulator.");
}

const notFound = (call: NovaCall, name: string) =>
  new NovaError(404, `Keypair ${name} not found for user ${userIdOf(call.scope.projectId)}`);
