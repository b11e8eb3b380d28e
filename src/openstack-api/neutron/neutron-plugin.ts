import { randomUUID } from 'node:crypto';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { Query } from '../http/query';
import { sendJson } from '../http/send-json';
import { setUpService } from '../http/service-setup';
import { tokenGuard, type Caller } from '../http/token-guard';
import type { OpenStackApiContext } from '../openstack-api-context';
import { NeutronError, writeNeutronError, writeNeutronHttpError } from './neutron-errors';
import { listCollection, showResource, type Collection } from './neutron-query';
import { networkView, portView, subnetView, type NeutronView } from './neutron-views';

type Handler = (caller: Caller, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
type IdParams = { id: string };

/** The resources served under `/v2.0`, as `GET /v2.0/` lists them. */
const RESOURCES = [
  ['network', 'networks'],
  ['subnet', 'subnets'],
  ['subnetpool', 'subnetpools'],
  ['port', 'ports'],
] as const;

/** Every attribute of each view, for filters (one sample view's keys). */
const ATTRIBUTES = {
  networks: [
    'id',
    'name',
    'tenant_id',
    'admin_state_up',
    'mtu',
    'status',
    'subnets',
    'shared',
    'availability_zone_hints',
    'availability_zones',
    'ipv4_address_scope',
    'ipv6_address_scope',
    'router:external',
    'description',
    'port_security_enabled',
    'tags',
    'created_at',
    'updated_at',
    'revision_number',
    'project_id',
  ],
  subnets: [
    'id',
    'name',
    'tenant_id',
    'network_id',
    'ip_version',
    'subnetpool_id',
    'enable_dhcp',
    'ipv6_ra_mode',
    'ipv6_address_mode',
    'gateway_ip',
    'cidr',
    'allocation_pools',
    'host_routes',
    'dns_nameservers',
    'description',
    'service_types',
    'tags',
    'created_at',
    'updated_at',
    'revision_number',
    'project_id',
  ],
  ports: [
    'id',
    'name',
    'network_id',
    'tenant_id',
    'mac_address',
    'admin_state_up',
    'status',
    'device_id',
    'device_owner',
    'fixed_ips',
    'allowed_address_pairs',
    'extra_dhcp_opts',
    'security_groups',
    'description',
    'binding:vnic_type',
    'port_security_enabled',
    'tags',
    'created_at',
    'updated_at',
    'revision_number',
    'project_id',
  ],
  subnetpools: ['id', 'name', 'tenant_id', 'project_id'],
} as const;

/**
 * Neutron v2.0, read only, under `/networking` (DevStack's path): the versions document,
 * `GET /v2.0/` and the networks, subnets and ports the token's project sees (an admin
 * token sees every one), with Neutron's filters, `fields`, sorting and pages. There are
 * no subnet pools, and no writes: servers get their ports from Nova. Errors are
 * Neutron's `{"NeutronError": …}`; a missing or bad token is keystonemiddleware's 401.
 */
export function neutronPlugin(ctx: OpenStackApiContext): FastifyPluginCallback {
  return (networking, _options, done) => {
    setUpService(networking, ctx, {
      service: 'network',
      write: writeNeutronHttpError,
      requestIdHeaders: [],
    });
    // Every answer carries a request id but the versions document, as Neutron's do.
    networking.addHook('onRequest', (request, reply, next) => {
      if (!/^\/networking\/?(\?.*)?$/.test(request.url)) {
        void reply.header('x-openstack-request-id', `req-${randomUUID()}`);
      }
      next();
    });
    const guard = tokenGuard(ctx, 'network', writeNeutronHttpError);
    const route = (handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = await guard(request, reply);
      if (!caller) return reply;
      try {
        return await handler(caller, request, reply);
      } catch (error) {
        if (error instanceof NeutronError) {
          return writeNeutronError(reply, error.status, error.message, {}, error.type);
        }
        throw error;
      }
    };
    const v2 = (baseUrl: string) => `${baseUrl}/networking/v2.0`;
    const collection = (key: keyof typeof ATTRIBUTES, resource: string, caller: Caller) =>
      ({
        key,
        resource,
        attributes: ATTRIBUTES[key],
        url: `${v2(caller.baseUrl)}/${key}`,
      }) satisfies Collection;
    const notFound = (resource: string, id: string) =>
      new NeutronError(404, `${resource}NotFound`, `${resource} ${id} could not be found.`);

    // The versions document answers without a token, as Neutron's does.
    networking.get('/', async (request, reply) =>
      sendJson(reply, {
        versions: [
          {
            id: 'v2.0',
            status: 'CURRENT',
            links: [{ rel: 'self', href: `${v2(ctx.baseUrl(request))}/` }],
          },
        ],
      }),
    );
    networking.get(
      '/v2.0/',
      route(async (caller, _request, reply) =>
        sendJson(reply, {
          resources: RESOURCES.map(([name, plural]) => ({
            name,
            collection: plural,
            links: [{ rel: 'self', href: `${v2(caller.baseUrl)}/${plural}` }],
          })),
        }),
      ),
    );

    const networkViews = (caller: Caller) =>
      ctx.run(async () => {
        const [networks, subnets] = await Promise.all([
          ctx.cloud.networks(caller.scope),
          ctx.cloud.subnets(caller.scope),
        ]);
        return networks.map((network) => networkView(network, subnets));
      });
    networking.get(
      '/v2.0/networks',
      route(async (caller, request, reply) => {
        const views = await networkViews(caller);
        const body = listCollection(
          views,
          request.query as Query,
          collection('networks', 'Network', caller),
        );
        return sendJson(reply, body);
      }),
    );
    networking.get(
      '/v2.0/networks/:id',
      route(async (caller, request, reply) => {
        const { id } = request.params as IdParams;
        const view = (await networkViews(caller)).find((v) => v.id === id);
        if (!view) throw notFound('Network', id);
        return sendJson(reply, { network: showResource(view, request.query as Query) });
      }),
    );

    networking.get(
      '/v2.0/subnets',
      route(async (caller, request, reply) => {
        const subnets = await ctx.run(() => ctx.cloud.subnets(caller.scope));
        const body = listCollection(
          subnets.map(subnetView),
          request.query as Query,
          collection('subnets', 'Subnet', caller),
        );
        return sendJson(reply, body);
      }),
    );
    networking.get(
      '/v2.0/subnets/:id',
      route(async (caller, request, reply) => {
        const { id } = request.params as IdParams;
        const subnet = await ctx.run(() => ctx.cloud.subnet(caller.scope, id));
        if (!subnet) throw notFound('Subnet', id);
        return sendJson(reply, {
          subnet: showResource(subnetView(subnet), request.query as Query),
        });
      }),
    );

    networking.get(
      '/v2.0/ports',
      route(async (caller, request, reply) => {
        const ports = await ctx.run(() => ctx.cloud.ports(caller.scope));
        const body = listCollection(
          ports.map(portView),
          request.query as Query,
          collection('ports', 'Port', caller),
        );
        return sendJson(reply, body);
      }),
    );
    networking.get(
      '/v2.0/ports/:id',
      route(async (caller, request, reply) => {
        const { id } = request.params as IdParams;
        const port = await ctx.run(() => ctx.cloud.port(caller.scope, id));
        if (!port) throw notFound('Port', id);
        return sendJson(reply, { port: showResource(portView(port), request.query as Query) });
      }),
    );

    networking.get(
      '/v2.0/subnetpools',
      route(async (caller, request, reply) => {
        const views: NeutronView[] = [];
        const query = request.query as Query;
        return sendJson(
          reply,
          listCollection(views, query, collection('subnetpools', 'SubnetPool', caller)),
        );
      }),
    );
    networking.get(
      '/v2.0/subnetpools/:id',
      route((_caller, request) =>
        Promise.reject(notFound('SubnetPool', (request.params as IdParams).id)),
      ),
    );
    done();
  };
}
