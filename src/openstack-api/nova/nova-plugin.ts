import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { sendJson } from '../http/send-json';
import { setUpService } from '../http/service-setup';
import type { OpenStackApiContext } from '../openstack-api-context';
import { registerFlavorRoutes } from './flavors-routes';
import { registerImageRoutes } from './images-routes';
import { registerInstanceActionRoutes } from './instance-actions-routes';
import { registerKeypairRoutes } from './keypairs-routes';
import { negotiate } from './microversion';
import { writeNovaError } from './nova-errors';
import { novaRoutes } from './nova-request';
import { computeVersionDoc, computeVersionEntry } from './nova-versions';
import { registerServerActionRoutes } from './server-actions-routes';
import { registerServerGroupRoutes } from './server-groups-routes';
import { registerServerMetadataRoutes } from './server-metadata-routes';
import { registerServerTagRoutes } from './server-tags-routes';
import { registerSmallRoutes } from './small-routes';
import { registerServerRoutes } from './servers-routes';

/**
 * Nova v2.1 under `/compute`: the versions list at `/compute/`, and under `/compute/v2.1`
 * the version document, servers, actions, instance actions, flavors and key pairs. Every response
 * under v2.1 carries the microversion headers, as Nova's do.
 */
export function novaPlugin(ctx: OpenStackApiContext): FastifyPluginAsync {
  return async (compute) => {
    setUpService(compute, ctx, {
      service: 'compute',
      write: writeNovaError,
      // Nova's root (versions) document carries no request id; the v2.1 API does.
      requestIdHeaders: [],
    });
    compute.get('/', async (request, reply) =>
      sendJson(reply, { versions: [computeVersionEntry(ctx.baseUrl(request))] }),
    );

    await compute.register(
      (v21, _options, done) => {
        v21.addHook('onRequest', (request, reply, next) => {
          const { echo } = negotiate(request.headers);
          const requestId = `req-${randomUUID()}`;
          void reply
            .header('x-openstack-request-id', requestId)
            .header('x-compute-request-id', requestId)
            .header('openstack-api-version', `compute ${echo}`)
            .header('x-openstack-nova-api-version', echo)
            .header('vary', ['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version']);
          next();
        });
        v21.get('/', async (request, reply) => {
          const negotiation = negotiate(request.headers);
          if (!negotiation.ok) {
            return writeNovaError(reply, negotiation.status, negotiation.message);
          }
          return sendJson(reply, computeVersionDoc(ctx.baseUrl(request)));
        });
        const route = novaRoutes(ctx);
        registerServerRoutes(v21, ctx, route);
        registerServerActionRoutes(v21, ctx, route);
        registerInstanceActionRoutes(v21, ctx, route);
        registerFlavorRoutes(v21, ctx, route);
        registerKeypairRoutes(v21, ctx, route);
        registerServerMetadataRoutes(v21, ctx, route);
        registerServerTagRoutes(v21, ctx, route);
        registerServerGroupRoutes(v21, ctx, route);
        registerImageRoutes(v21, ctx, route);
        registerSmallRoutes(v21, ctx, route);
        done();
      },
      { prefix: '/v2.1' },
    );
  };
}
