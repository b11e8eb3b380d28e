import type { FastifyInstance } from 'fastify';
import { checkMetadata, type MockImageEntity } from '../../simulator';
import { pageAfter, param, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { bodyWith } from './nova-body';
import { NovaError } from './nova-errors';
import { novaImageDetail, novaImageSummary } from './nova-image-view';
import { emptyJson, type NovaCall, type NovaRoute } from './nova-request';

type ImageParams = { id: string; key: string };

/** The last microversion with Nova's image proxy (MAX_PROXY_API_SUPPORT_VERSION). */
const LAST_PROXY_MINOR = 35;
/** Glance's cap on a page (api_limit_max). */
const MAX_LIMIT = 1000;
/** Most properties an image may carry through Nova (the metadata_items quota). */
const MAX_IMAGE_PROPERTIES = 128;

const IMAGE_NOT_FOUND = 'Image not found.';

/**
 * Nova's image API (nova/api/openstack/compute/images.py and image_metadata.py), a proxy
 * to the simulator's Glance below microversion 2.36 (404 from 2.36 on, as Nova routes
 * them no more): list (summary and detail, with Nova's filters and pages), show, delete,
 * and an image's metadata (its Glance properties).
 */
export function registerImageRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  const cloud = ctx.cloud;
  /** A proxy route: 404 from 2.36, as Nova answers a method its version does not have. */
  const proxy: NovaRoute = (handler) =>
    route(async (call, request, reply) => {
      if (call.minor > LAST_PROXY_MINOR) {
        throw new NovaError(404, 'The resource could not be found.');
      }
      return handler(call, request, reply);
    });
  const glanceUrl = (call: NovaCall) => `${call.baseUrl}/image`;

  for (const detail of [false, true]) {
    api.get(
      detail ? '/images/detail' : '/images',
      proxy(async (call, request, reply) => {
        const query = request.query as Query;
        const matches = imageFilter(query);
        const rows = await ctx.run(() => cloud.images(call.scope));
        const limit = limitOf(query);
        const marker = param(query, 'marker');
        const result = pageAfter(rows.filter(matches), limit, marker);
        if (!result)
          throw new NovaError(400, `HTTP 400 Bad Request: No image found with ID ${marker}`);
        const images = result.page.map((row) =>
          detail
            ? novaImageDetail(row, call.urls, glanceUrl(call))
            : novaImageSummary(row, call.urls, glanceUrl(call)),
        );
        if (!result.full) return sendJson(reply, { images });
        const base = `${call.urls.api}/images${detail ? '/detail' : ''}`;
        const next = withQuery(base, query, { marker: result.page[result.page.length - 1].id });
        return sendJson(reply, { images, images_links: [{ rel: 'next', href: next }] });
      }),
    );
  }

  api.get(
    '/images/:id',
    proxy(async (call, request, reply) => {
      const { id } = request.params as ImageParams;
      const row = await ctx.run(() => cloud.image(call.scope, id));
      if (!row) throw new NovaError(404, IMAGE_NOT_FOUND);
      return sendJson(reply, { image: novaImageDetail(row, call.urls, glanceUrl(call)) });
    }),
  );

  api.delete(
    '/images/:id',
    proxy(async (call, request, reply) => {
      const { id } = request.params as ImageParams;
      const outcome = await ctx.run(() => cloud.deleteImage(call.scope, id));
      if (outcome === 'not_found') throw new NovaError(404, IMAGE_NOT_FOUND);
      if (outcome === 'forbidden') {
        throw new NovaError(403, 'You are not allowed to delete the image.');
      }
      return emptyJson(reply, 204);
    }),
  );

  /** The properties of an image the caller sees, or Nova's 404. */
  const propertiesOf = async (call: NovaCall, id: string) => {
    const row = await ctx.run(() => cloud.image(call.scope, id));
    if (!row) throw new NovaError(404, IMAGE_NOT_FOUND);
    return row.properties;
  };
  /** Merges or replaces properties; Nova's 403s for the quota and for an image not the caller's. */
  const setProperties = async (
    call: NovaCall,
    id: string,
    properties: Record<string, string>,
    replace: boolean,
  ) =>
    ctx.run(async () => {
      const now = { ...(replace ? {} : await propertiesOf(call, id)), ...properties };
      if (Object.keys(now).length > MAX_IMAGE_PROPERTIES) {
        throw new NovaError(403, 'Image metadata limit exceeded');
      }
      const outcome = await cloud.updateImageProperties(call.scope, id, properties, replace);
      if (outcome === 'not_found') throw new NovaError(404, IMAGE_NOT_FOUND);
      if (outcome === 'forbidden') throw new NovaError(403, `Not authorized for image ${id}.`);
      return outcome as Record<string, string>;
    });

  api.get(
    '/images/:id/metadata',
    proxy(async (call, request, reply) => {
      const { id } = request.params as ImageParams;
      return sendJson(reply, { metadata: await propertiesOf(call, id) });
    }),
  );

  // POST merges and answers every property; PUT replaces and answers what it was given.
  for (const [method, replace] of [
    ['post', false],
    ['put', true],
  ] as const) {
    api[method](
      '/images/:id/metadata',
      proxy(async (call, request, reply) => {
        const { id } = request.params as ImageParams;
        const metadata = bodyWith(request.body, 'metadata', (value) => checkMetadata(value));
        const now = await setProperties(call, id, metadata, replace);
        return sendJson(reply, { metadata: replace ? metadata : now });
      }),
    );
  }

  api.get(
    '/images/:id/metadata/:key',
    proxy(async (call, request, reply) => {
      const { id, key } = request.params as ImageParams;
      const properties = await propertiesOf(call, id);
      if (!Object.hasOwn(properties, key)) {
        throw new NovaError(404, 'The resource could not be found.');
      }
      return sendJson(reply, { meta: { [key]: properties[key] } });
    }),
  );

  // Nova checks the body against the URL before it looks the image up.
  api.put(
    '/images/:id/metadata/:key',
    proxy(async (call, request, reply) => {
      const { id, key } = request.params as ImageParams;
      const meta = bodyWith(request.body, 'meta', (value) => checkMetadata(value, 'meta', true));
      if (!Object.hasOwn(meta, key)) throw new NovaError(400, 'Request body and URI mismatch');
      await setProperties(call, id, meta, false);
      return sendJson(reply, { meta });
    }),
  );

  api.delete(
    '/images/:id/metadata/:key',
    proxy(async (call, request, reply) => {
      const { id, key } = request.params as ImageParams;
      const outcome = await ctx.run(() => cloud.deleteImageProperty(call.scope, id, key));
      if (outcome === 'not_found') throw new NovaError(404, IMAGE_NOT_FOUND);
      if (outcome === 'missing') throw new NovaError(404, 'Invalid metadata key');
      if (outcome === 'forbidden') throw new NovaError(403, `Not authorized for image ${id}.`);
      return emptyJson(reply, 204);
    }),
  );
}

/** Glance's `limit` as Nova passes it on: 400 unless a non-negative integer; at most 1000. */
function limitOf(query: Query): number {
  const raw = param(query, 'limit');
  if (raw === undefined) return MAX_LIMIT;
  if (!/^-?\d+$/.test(raw.trim())) {
    throw new NovaError(400, 'Invalid input received: limit must be an integer');
  }
  const limit = Number(raw);
  if (limit < 0) throw new NovaError(400, 'Invalid input received: limit must be >= 0');
  return Math.min(limit, MAX_LIMIT);
}

/**
 * Nova's image filters (images.py SUPPORTED_FILTERS) as Glance applies them: `name`,
 * `status` (Glance's, lower-cased), `changes-since` (updated at or after), `server` (the
 * snapshot's server, an id or a link), `type` (`image_type`), `minRam`/`minDisk` (equal),
 * and `property-<name>`. Others are ignored.
 */
function imageFilter(query: Query): (row: MockImageEntity) => boolean {
  const checks: ((row: MockImageEntity) => boolean)[] = [];
  const name = param(query, 'name');
  if (name !== undefined) checks.push((row) => row.name === name);
  const status = param(query, 'status');
  if (status !== undefined) checks.push((row) => row.status === status.toLowerCase());
  const since = param(query, 'changes-since');
  if (since !== undefined) {
    const time = Date.parse(since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(time)) {
      throw new NovaError(
        400,
        'HTTP 400 Bad Request: Bad &quot;updated_at&quot; query filter format. ' +
          'Use ISO 8601 DateTime notation.',
      );
    }
    checks.push((row) => row.updatedAt.getTime() >= time);
  }
  const properties: [string, string][] = [];
  const server = param(query, 'server');
  if (server !== undefined) properties.push(['instance_uuid', server.split('/').pop() ?? '']);
  const type = param(query, 'type');
  if (type !== undefined) properties.push(['image_type', type]);
  for (const key of Object.keys(query)) {
    const value = param(query, key);
    if (key.startsWith('property-') && value !== undefined) {
      properties.push([key.slice('property-'.length), value]);
    }
  }
  for (const [key, value] of properties) checks.push((row) => row.properties[key] === value);
  const minRam = param(query, 'minRam');
  if (minRam !== undefined) checks.push((row) => String(row.minRamMb) === minRam);
  const minDisk = param(query, 'minDisk');
  if (minDisk !== undefined) checks.push((row) => String(row.minDiskGb) === minDisk);
  return (row) => checks.every((check) => check(row));
}
