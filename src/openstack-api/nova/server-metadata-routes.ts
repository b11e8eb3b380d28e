import type { FastifyInstance } from 'fastify';
import { checkMetadata } from '../../simulator';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { bodyWith } from './nova-body';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaRoute } from './nova-request';

type ItemParams = { id: string; key: string };

const ITEM_NOT_FOUND = 'Metadata item was not found';

/**
 * `/servers/{id}/metadata` (nova/api/openstack/compute/server_metadata.py): read all or
 * one item, merge (POST), replace (PUT), set one item (PUT `/{key}`), delete one item.
 * Changes need an unlocked server (admins excepted) in ACTIVE, SHUTOFF, PAUSED or
 * SUSPENDED with no task (409), and keep within 128 items (403).
 */
export function registerServerMetadataRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  const cloud = ctx.cloud;

  api.get(
    '/servers/:id/metadata',
    route(async (call, request, reply) => {
      const { id } = request.params as ItemParams;
      const metadata = await ctx.run(() => cloud.serverMetadata(call.scope, id));
      return sendJson(reply, { metadata });
    }),
  );

  // POST merges and PUT replaces; both answer the whole metadata, with 200.
  for (const [method, replace] of [
    ['post', false],
    ['put', true],
  ] as const) {
    api[method](
      '/servers/:id/metadata',
      route(async (call, request, reply) => {
        const { id } = request.params as ItemParams;
        const metadata = bodyWith(request.body, 'metadata', (value) => checkMetadata(value));
        const now = await ctx.run(() =>
          cloud.updateServerMetadata(call.scope, id, metadata, replace),
        );
        return sendJson(reply, { metadata: now });
      }),
    );
  }

  api.get(
    '/servers/:id/metadata/:key',
    route(async (call, request, reply) => {
      const { id, key } = request.params as ItemParams;
      const metadata = await ctx.run(() => cloud.serverMetadata(call.scope, id));
      if (!Object.hasOwn(metadata, key)) throw new NovaError(404, ITEM_NOT_FOUND);
      return sendJson(reply, { meta: { [key]: metadata[key] } });
    }),
  );

  api.put(
    '/servers/:id/metadata/:key',
    route(async (call, request, reply) => {
      const { id, key } = request.params as ItemParams;
      const meta = bodyWith(request.body, 'meta', (value) => checkMetadata(value, 'meta', true));
      await ctx.run(async () => {
        // The server first (404), then the body against the URL, then the change.
        await cloud.serverMetadata(call.scope, id);
        if (!Object.hasOwn(meta, key)) throw new NovaError(400, 'Request body and URI mismatch');
        await cloud.updateServerMetadata(call.scope, id, meta, false);
      });
      return sendJson(reply, { meta });
    }),
  );

  api.delete(
    '/servers/:id/metadata/:key',
    route(async (call, request, reply) => {
      const { id, key } = request.params as ItemParams;
      await ctx.run(() => cloud.deleteServerMetadataItem(call.scope, id, key));
      return emptyJson(reply, 204);
    }),
  );
}
