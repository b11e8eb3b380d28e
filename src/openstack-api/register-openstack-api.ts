import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenStackApiContext } from './openstack-api-context';

/**
 * Mounts the OpenStack-compatible API on the app's own Fastify instance, with DevStack's
 * path layout: Keystone at `/identity` (and `/v3`), Nova at `/compute`, Glance at `/image`,
 * Neutron at `/networking`. Raw Fastify
 * routes, so they bypass the REST API's guard, pipe, filter, prefix and Swagger, and
 * answer exactly as the OpenStack services do. Does nothing unless the
 * simulator is the backend and the API is enabled (`OpenStackApiContext.served`): its
 * modules are not even loaded otherwise (ADR 0020).
 */
export function registerOpenStackApi(app: NestFastifyApplication): void {
  const ctx = app.get(OpenStackApiContext);
  if (!ctx.served) return;
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(async (root) => {
    const { keystonePlugin } = await import('./keystone/keystone-plugin');
    const { novaPlugin } = await import('./nova/nova-plugin');
    const { glancePlugin } = await import('./glance/glance-plugin');
    const { neutronPlugin } = await import('./neutron/neutron-plugin');
    await root.register(keystonePlugin(ctx), { prefix: '/identity' });
    // Keystone is also reachable at the root (`http://host:port/v3`), the auth URL many
    // tools and docs assume; the catalog still advertises `/identity`.
    await root.register(keystonePlugin(ctx, { versionList: false }), { prefix: '/v3' });
    await root.register(novaPlugin(ctx), { prefix: '/compute' });
    await root.register(glancePlugin(ctx), { prefix: '/image' });
    await root.register(neutronPlugin(ctx), { prefix: '/networking' });
  });
}
