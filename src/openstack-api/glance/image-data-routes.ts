import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginCallback, FastifyRequest } from 'fastify';
import {
  bodyPieces,
  ByteLimitExceeded,
  declaredLength,
  limitBytes,
} from '../../common/http/byte-limit';
import type { UploadTarget } from '../../simulator';
import { userIdOf } from '../keystone/token-body';
import type { OpenStackApiContext } from '../openstack-api-context';
import { GlanceError } from './glance-errors';
import { noContent, type GlanceRoute } from './glance-plugin';
import { taskView } from './task-view';

const OCTET_STREAM = 'application/octet-stream';

/** Glance's 413 for data over `image_size_cap` (here `IMAGE_UPLOAD_MAX_BYTES`). */
const tooLarge = () =>
  new GlanceError(413, 'The incoming image is too large: The provided image is too large.', {
    connection: 'close',
  });

const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

/**
 * Image data, streamed both ways (ADR 16): `PUT /v2/images/{id}/file` and `/stage` take
 * `application/octet-stream` only (webob's 415 otherwise) and never hold the body: it
 * goes to the simulator chunk by chunk, outside any transaction, cut off past
 * `IMAGE_UPLOAD_MAX_BYTES` (413, and the image is `queued` again). `GET …/file` streams
 * the chunks back with `Content-MD5` and `Content-Length`, or answers 204 when there is
 * no data. In a plugin of its own, whose body parser hands the handlers the raw stream.
 */
export function imageDataRoutes(
  ctx: OpenStackApiContext,
  route: GlanceRoute,
): FastifyPluginCallback {
  return (data, _options, done) => {
    data.removeAllContentTypeParsers();
    data.addContentTypeParser('*', (_request, payload, next) => next(null, payload));

    const upload = (target: UploadTarget) =>
      route(
        async (caller, request, reply) => {
          const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          if (type !== OCTET_STREAM) throw GlanceError.unsupportedMediaType(type || 'text/plain');
          const limit = ctx.config.imageUploadMaxBytes;
          const declared = declaredLength(request.headers['content-length']);
          if (declared !== null && declared > limit) throw tooLarge();
          const body = request.body instanceof Readable ? bodyPieces(request.body) : emptyBody();
          try {
            await ctx.cloud.glance.upload(
              caller.scope,
              idOf(request),
              limitBytes(body, limit),
              target,
            );
          } catch (error) {
            if (error instanceof ByteLimitExceeded) throw tooLarge();
            throw error;
          }
          return noContent(reply);
        },
        { rawBody: true },
      );
    data.put('/v2/images/:id/file', upload('file'));
    data.put('/v2/images/:id/stage', upload('stage'));

    data.get(
      '/v2/images/:id/file',
      route(async (caller, request, reply) => {
        const found = await ctx.run(() => ctx.cloud.glance.openData(caller.scope, idOf(request)));
        if (!found) return reply.code(204).send();
        const { image, chunks } = found;
        return reply
          .code(200)
          .headers({
            'content-type': OCTET_STREAM,
            'content-md5': image.checksum ?? '',
            'content-length': String(image.sizeBytes ?? 0),
          })
          .send(Readable.from(chunks()));
      }),
    );
    done();
  };
}

/** The import and task routes, on the JSON side of the Glance plugin. */
export function importRoutes(image: FastifyInstance, ctx: OpenStackApiContext, route: GlanceRoute) {
  image.post(
    '/v2/images/:id/import',
    route(async (caller, request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new GlanceError(400, "Import request requires a 'method' field.");
      }
      const method = (body as { method?: unknown }).method;
      if (method === null || typeof method !== 'object') {
        throw new GlanceError(400, "Import request requires a 'method' field.");
      }
      const { name, uri } = method as { name?: unknown; uri?: unknown };
      const requestId = reply.getHeader('x-openstack-request-id');
      await ctx.run(() =>
        ctx.cloud.glance.import(caller.scope, idOf(request), {
          method: String(name),
          uri,
          allStores: (body as { all_stores?: unknown }).all_stores === true,
          body: body as Record<string, unknown>,
          requestId: typeof requestId === 'string' ? requestId : '',
          userId: userIdOf(caller.claims.projectId),
        }),
      );
      return noContent(reply, 202);
    }),
  );
  image.get(
    '/v2/images/:id/tasks',
    route(async (caller, request, reply) => {
      const tasks = await ctx.run(() => ctx.cloud.glance.tasks(caller.scope, idOf(request)));
      return reply
        .code(200)
        .header('content-type', 'application/json')
        .send(Buffer.from(JSON.stringify({ tasks: tasks.map(taskView) })));
    }),
  );
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
