import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { glancePlugin } from './glance/glance-plugin';
import { keystonePlugin } from './keystone/keystone-plugin';
import { neutronPlugin } from './neutron/neutron-plugin';
import { novaPlugin } from './nova/nova-plugin';
import { OpenStackApiContext } from './openstack-api-context';

/**
 * Mounts the OpenStack-compatible API on the app's own Fastify instance, with DevStack's
 * path layout: Keystone at `/identity` (and `/v3`), Nova at `/compute`, Glance at `/image`,
 * Neutron at `/networking`. Raw Fastify
 * routes, so they bypass the REST API's guard, pipe, filter, prefix and Swagger, and
 * answer exactly as the OpenStack services do. Does nothing unless the
 * simulator is the backend and the API is enabled (`OpenStackApiContext.served`).
 */
export function registerOpenStackApi(app: NestFastifyApplication): void {
  const ctx = app.get(OpenStackApiContext);
  if (!ctx.served) return;
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(keystonePlugin(ctx), { prefix: '/identity' });
  // Keystone is also reachable at the root (`http://host:port/v3`), the auth URL many
  // tools and docs assume; the catalog still advertises `/identity`.
  void fastify.register(keystonePlugin(ctx, { versionList: false }), { prefix: '/v3' });
  void fastify.register(novaPlugin(ctx), { prefix: '/compute' });
  void fastify.register(glancePlugin(ctx), { prefix: '/image' });
  void fastify.register(neutronPlugin(ctx), { prefix: '/networking' });
}
