import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { CloudError, CloudForbiddenError, CloudGoneError } from '../../compute/cloud-errors';
import { IMAGE_STORE, IMPORT_METHODS } from '../../simulator';
import type { Query } from '../http/query';
import { sendJson } from '../http/send-json';
import { setUpService } from '../http/service-setup';
import { refusedBody } from '../http/lenient-json';
import { tokenGuard, type Caller } from '../http/token-guard';
import type { OpenStackApiContext } from '../openstack-api-context';
import { GlanceError } from './glance-errors';
import { imageVersions } from './glance-versions';
import { imageDataRoutes, importRoutes } from './image-data-routes';
import { applyPatch, newImageOf, PATCH_TYPES, readPatch } from './image-request';
import { IMAGE_SCHEMA, IMAGES_SCHEMA } from './image-schema';
import { imageView } from './image-view';
import { listImages } from './image-list';
import { registerMetadefRoutes } from './metadefs-routes';
import { validateImage } from './image-validation';

export type GlanceHandler = (
  caller: Caller,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<unknown>;
export type GlanceRoute = (
  handler: GlanceHandler,
  options?: { rawBody?: boolean },
) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The headers Glance adds to a create's answer, naming how data may come in. */
const CREATE_HEADERS = {
  'OpenStack-image-import-methods': IMPORT_METHODS.join(','),
  'OpenStack-image-store-ids': IMAGE_STORE,
};

/** Glance's status for a refusal of the simulated cloud. */
function statusOf(error: CloudError): number {
  if (error instanceof CloudGoneError) return 410;
  if (error instanceof CloudForbiddenError) return 403;
  switch (error.kind) {
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'bad_request':
      return 400;
    case 'quota_exceeded':
      return 413;
    case 'rate_limited':
    case 'unauthorized':
    case 'unavailable':
    case 'unsupported':
      return 500;
  }
}

/** An empty answer with the content type Glance's empty answers carry. */
export const noContent = (reply: FastifyReply, status = 204) =>
  reply.code(status).header('content-type', 'text/html; charset=UTF-8').send();

/**
 * Glance v2 under `/image`: version discovery (`/image/`, 300 Multiple Choices as Glance
 * answers), images (list, show, create, JSON-patch update, delete, deactivate and
 * reactivate, tags), their data (upload, download, staging, import and its tasks),
 * `/v2/schemas/image(s)` and `/v2/info/import|stores`. Errors are webob's pages (HTML,
 * JSON or text by the Accept header).
 */
export function glancePlugin(ctx: OpenStackApiContext): FastifyPluginCallback {
  return (image, _options, done) => {
    setUpService(image, ctx, {
      service: 'image',
      write: (reply, status, message, headers) =>
        new GlanceError(status, message, headers).write(reply),
      bodies: 'glance',
      requestIdHeaders: ['x-openstack-request-id'],
    });
    const guard = tokenGuard(ctx, 'image', (reply, status, message, headers) =>
      new GlanceError(status, message, headers).write(reply),
    );
    const route: GlanceRoute =
      (handler, options = {}) =>
      async (request, reply) => {
        const caller = await guard(request, reply);
        if (!caller) return reply;
        const refused = options.rawBody ? null : refusedBody(request);
        if (refused) return new GlanceError(refused.status, refused.message).write(reply);
        try {
          return await handler(caller, request, reply);
        } catch (error) {
          if (error instanceof GlanceError) return error.write(reply);
          if (error instanceof CloudError) {
            return new GlanceError(statusOf(error), error.message).write(reply);
          }
          throw error;
        }
      };
    const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

    image.get('/', async (request, reply) =>
      sendJson(reply, imageVersions(ctx.baseUrl(request)), 300),
    );
    image.get('/versions', async (request, reply) =>
      sendJson(reply, imageVersions(ctx.baseUrl(request))),
    );

    image.get(
      '/v2/images',
      route(async (caller, request, reply) => {
        // `/v2/images/` is a show with an empty id, not the list (the router ignores the slash).
        if (request.url.split('?')[0].endsWith('/')) {
          return new GlanceError(404, 'The resource could not be found.').write(reply);
        }
        const rows = await ctx.run(() => ctx.cloud.images(caller.scope));
        const body = listImages(rows, request.query as Query, caller.scope.projectId);
        return sendJson(reply, body);
      }),
    );

    image.post(
      '/v2/images',
      route(async (caller, request, reply) => {
        const wanted = newImageOf(request.body ?? {});
        const row = await ctx.run(() => ctx.cloud.glance.create(caller.scope, wanted));
        return sendJson(
          reply.headers({
            ...CREATE_HEADERS,
            location: `${caller.baseUrl}/image/v2/images/${row.id}`,
          }),
          imageView(row),
          201,
        );
      }),
    );

    image.get(
      '/v2/images/:id',
      route(async (caller, request, reply) => {
        const id = idOf(request);
        const row = await ctx.run(() => ctx.cloud.image(caller.scope, id));
        if (!row) throw new GlanceError(404, `No image found with ID ${id}`);
        return sendJson(reply, imageView(row));
      }),
    );
    registerMetadefRoutes(image, ctx, route);

    image.patch(
      '/v2/images/:id',
      route(
        async (caller, request, reply) => {
          const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          const format = PATCH_TYPES[type];
          if (!format) {
            throw GlanceError.unsupportedMediaType(type || 'text/plain', {
              'accept-patch': Object.keys(PATCH_TYPES).join(', '),
            });
          }
          const refused = refusedBody(request);
          if (refused) throw new GlanceError(refused.status, refused.message);
          const changes = readPatch(request.body, format);
          const id = idOf(request);
          const row = await ctx.run(async () => {
            const current = await ctx.cloud.image(caller.scope, id);
            if (!current) throw new GlanceError(404, `No image found with ID ${id}`);
            const update = applyPatch(current, changes, caller.scope.admin === true);
            return ctx.cloud.glance.update(caller.scope, id, update);
          });
          return sendJson(reply, imageView(row));
        },
        { rawBody: true },
      ),
    );

    image.delete(
      '/v2/images/:id',
      route(async (caller, request, reply) => {
        await ctx.run(() => ctx.cloud.glance.delete(caller.scope, idOf(request)));
        return noContent(reply);
      }),
    );

    for (const action of ['deactivate', 'reactivate'] as const) {
      image.post(
        `/v2/images/:id/actions/${action}`,
        route(async (caller, request, reply) => {
          await ctx.run(() => ctx.cloud.glance[action](caller.scope, idOf(request)));
          return noContent(reply);
        }),
      );
    }

    image.put(
      '/v2/images/:id/tags/:tag',
      route(async (caller, request, reply) => {
        const { tag } = request.params as { tag: string };
        validateImage({ tags: [tag] });
        await ctx.run(() => ctx.cloud.glance.addTag(caller.scope, idOf(request), tag));
        return noContent(reply);
      }),
    );
    image.delete(
      '/v2/images/:id/tags/:tag',
      route(async (caller, request, reply) => {
        const { tag } = request.params as { tag: string };
        await ctx.run(() => ctx.cloud.glance.removeTag(caller.scope, idOf(request), tag));
        return noContent(reply);
      }),
    );

    image.get(
      '/v2/schemas/image',
      route(async (_caller, _request, reply) => sendJson(reply, IMAGE_SCHEMA)),
    );
    image.get(
      '/v2/schemas/images',
      route(async (_caller, _request, reply) => sendJson(reply, IMAGES_SCHEMA)),
    );
    image.get(
      '/v2/info/import',
      route(async (_caller, _request, reply) =>
        sendJson(reply, {
          'import-methods': {
            description: 'Import methods available.',
            type: 'array',
            value: IMPORT_METHODS,
          },
        }),
      ),
    );
    image.get(
      '/v2/info/stores',
      route(async (_caller, _request, reply) =>
        sendJson(reply, { stores: [{ id: IMAGE_STORE, default: 'true' }] }),
      ),
    );

    importRoutes(image, ctx, route);
    void image.register(imageDataRoutes(ctx, route));
    done();
  };
}
