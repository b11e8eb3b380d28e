import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { CloudError } from '../../compute/cloud-errors';
import type { Query } from '../http/query';
import { sendJson } from '../http/send-json';
import { setUpService } from '../http/service-setup';
import { refusedBody } from '../http/lenient-json';
import { tokenGuard, type Caller } from '../http/token-guard';
import type { OpenStackApiContext } from '../openstack-api-context';
import { GlanceError, writeGlanceError } from './glance-errors';
import { imageVersions } from './glance-versions';
import { imageView } from './image-view';
import { listImages } from './image-list';
import { registerMetadefRoutes } from './metadefs-routes';

type Handler = (caller: Caller, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * Glance v2 under `/image`: version discovery (`/image/`, 300 Multiple Choices as Glance
 * answers), `GET /v2/images` and `GET /v2/images/{id}`. Errors are Glance's HTML pages.
 */
export function glancePlugin(ctx: OpenStackApiContext): FastifyPluginCallback {
  return (image, _options, done) => {
    setUpService(image, ctx, {
      service: 'image',
      write: writeGlanceError,
      bodies: 'glance',
      requestIdHeaders: ['x-openstack-request-id'],
    });
    const guard = tokenGuard(ctx, 'image', writeGlanceError);
    const route = (handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = await guard(request, reply);
      if (!caller) return reply;
      const refused = refusedBody(request);
      if (refused) return writeGlanceError(reply, refused.status, refused.message);
      try {
        return await handler(caller, request, reply);
      } catch (error) {
        if (error instanceof GlanceError || error instanceof CloudError) {
          const status = error instanceof GlanceError ? error.status : 500;
          return writeGlanceError(reply, status, error.message);
        }
        throw error;
      }
    };

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
          return writeGlanceError(reply, 404, 'The resource could not be found.');
        }
        const rows = await ctx.run(() => ctx.cloud.images(caller.scope));
        const body = listImages(rows, request.query as Query, caller.scope.projectId);
        return sendJson(reply, body);
      }),
    );
    image.get(
      '/v2/images/:id',
      route(async (caller, request, reply) => {
        const { id } = request.params as { id: string };
        const row = await ctx.run(() => ctx.cloud.image(caller.scope, id));
        if (!row) throw new GlanceError(404, `No image found with ID ${id}`);
        return sendJson(reply, imageView(row));
      }),
    );
    registerMetadefRoutes(image, ctx, route);
    done();
  };
}
