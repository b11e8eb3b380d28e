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

    /**
     * `GET /v2.0/<key>` (Neutron's list: filters, fields, sort, paging) and
     * `GET /v2.0/<key>/{id}` (one, or 404 `<Resource>NotFound`), over the views the caller sees.
     */
    const serve = (
      key: keyof typeof ATTRIBUTES,
      resource: 'Network' | 'Subnet' | 'Port',
      views: (caller: Caller) => Promise<Record<string, unknown>[]>,
      one: (caller: Caller, id: string) => Promise<Record<string, unknown> | null>,
    ) => {
      const singular = resource.toLowerCase();
      networking.get(
        `/v2.0/${key}`,
        route(async (caller, request, reply) =>
          sendJson(
            reply,
            listCollection(
              await views(caller),
              request.query as Query,
              collection(key, resource, caller),
            ),
          ),
        ),
      );
      networking.get(
        `/v2.0/${key}/:id`,
        route(async (caller, request, reply) => {
          const { id } = request.params as IdParams;
          const view = await one(caller, id);
          if (!view) throw notFound(resource, id);
          return sendJson(reply, { [singular]: showResource(view, request.query as Query) });
        }),
      );
    };

    const networkViews = (caller: Caller) =>
      ctx.run(async () => {
        const networks = await ctx.cloud.networks(caller.scope);
        const subnets = await ctx.cloud.subnets(caller.scope);
        return networks.map((network) => networkView(network, subnets));
      });
    serve(
      'networks',
      'Network',
      networkViews,
      async (caller, id) => (await networkViews(caller)).find((v) => v.id === id) ?? null,
    );
    serve(
      'subnets',
      'Subnet',
      async (caller) => (await ctx.run(() => ctx.cloud.subnets(caller.scope))).map(subnetView),
      async (caller, id) => {
        const subnet = await ctx.run(() => ctx.cloud.subnet(caller.scope, id));
        return subnet ? subnetView(subnet) : null;
      },
    );
    serve(
      'ports',
      'Port',
      async (caller) => (await ctx.run(() => ctx.cloud.ports(caller.scope))).map(portView),
      async (caller, id) => {
        const port = await ctx.run(() => ctx.cloud.port(caller.scope, id));
        return port ? portView(port) : null;
      },
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
