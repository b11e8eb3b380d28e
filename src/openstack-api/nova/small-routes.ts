import type { FastifyInstance } from 'fastify';
import { MAX_METADATA_ITEMS } from '../../simulator';
import { sendJson } from '../http/send-json';
import type { OpenStackApiContext } from '../openstack-api-context';
import { NovaError } from './nova-errors';
import { emptyJson, type NovaCall, type NovaRoute } from './nova-request';

/** Nova's one availability zone, as a non-admin lists it (`hosts` only for admins). */
const ZONES = [{ zoneName: 'nova', zoneState: { available: true }, hosts: null }];

/**
 * Small read-mostly Nova APIs: availability zones, a server's (always empty) password,
 * a project's quota set and its defaults, and the absolute limits with the usage.
 */
export function registerSmallRoutes(
  api: FastifyInstance,
  ctx: OpenStackApiContext,
  route: NovaRoute,
): void {
  api.get(
    '/os-availability-zone',
    route(async (_call, _request, reply) => sendJson(reply, { availabilityZoneInfo: ZONES })),
  );

  // The simulator's servers have no metadata service to post an encrypted password to.
  const serverOf = (id: string, call: NovaCall) =>
    ctx.run(async () => {
      if (!(await ctx.cloud.server(call.scope, id))) {
        throw new NovaError(404, `Instance ${id} could not be found.`);
      }
    });
  api.get(
    '/servers/:id/os-server-password',
    route(async (call, request, reply) => {
      await serverOf((request.params as { id: string }).id, call);
      return sendJson(reply, { password: '' });
    }),
  );
  api.delete(
    '/servers/:id/os-server-password',
    route(async (call, request, reply) => {
      await serverOf((request.params as { id: string }).id, call);
      return emptyJson(reply, 204);
    }),
  );

  api.get(
    '/os-quota-sets/:projectId',
    route(async (call, request, reply) => {
      const { projectId } = request.params as { projectId: string };
      if (!call.scope.admin && projectId !== call.scope.projectId) {
        throw new NovaError(
          403,
          "Policy doesn't allow os_compute_api:os-quota-sets:show to be performed.",
        );
      }
      return sendJson(reply, { quota_set: { id: projectId, ...quotas(call.minor) } });
    }),
  );
  // The defaults are the same for every project, and anyone may read them.
  api.get(
    '/os-quota-sets/:projectId/defaults',
    route(async (call, request, reply) => {
      const { projectId } = request.params as { projectId: string };
      return sendJson(reply, { quota_set: { id: projectId, ...quotas(call.minor) } });
    }),
  );

  api.get(
    '/limits',
    route(async (call, _request, reply) => {
      const used = await ctx.run(async () => {
        const servers = await ctx.cloud.servers(call.scope);
        const flavors = new Map((await ctx.cloud.flavors(true)).map((f) => [f.id, f]));
        const sum = (of: (id: string) => number) =>
          servers.reduce((total, server) => total + of(server.flavorId), 0);
        return {
          instances: servers.length,
          cores: sum((id) => flavors.get(id)?.vcpus ?? 0),
          ram: sum((id) => flavors.get(id)?.ramMb ?? 0),
        };
      });
      return sendJson(reply, { limits: { rate: [], absolute: absoluteLimits(call.minor, used) } });
    }),
  );
}

/**
 * Nova's absolute limits (limits.py) from the quotas and the project's usage: the network
 * ones go at 2.36, `maxImageMeta` at 2.39, the personality ones at 2.57.
 */
function absoluteLimits(
  minor: number,
  used: { instances: number; cores: number; ram: number },
): Record<string, number> {
  const q = quotas(1);
  const all: Record<string, number> = {
    maxTotalInstances: q.instances,
    maxTotalCores: q.cores,
    maxTotalRAMSize: q.ram,
    maxServerMeta: q.metadata_items,
    maxImageMeta: q.metadata_items,
    maxPersonality: q.injected_files,
    maxPersonalitySize: q.injected_file_content_bytes,
    maxTotalKeypairs: q.key_pairs,
    maxServerGroups: q.server_groups,
    maxServerGroupMembers: q.server_group_members,
    maxTotalFloatingIps: q.floating_ips,
    maxSecurityGroups: q.security_groups,
    maxSecurityGroupRules: q.security_group_rules,
    totalRAMUsed: used.ram,
    totalCoresUsed: used.cores,
    totalInstancesUsed: used.instances,
    totalFloatingIpsUsed: 0,
    totalSecurityGroupsUsed: 0,
    totalServerGroupsUsed: 0,
  };
  const gone = [
    ...(minor >= 36
      ? [
          'maxTotalFloatingIps',
          'maxSecurityGroups',
          'maxSecurityGroupRules',
          'totalFloatingIpsUsed',
          'totalSecurityGroupsUsed',
        ]
      : []),
    ...(minor >= 39 ? ['maxImageMeta'] : []),
    ...(minor >= 57 ? ['maxPersonality', 'maxPersonalitySize'] : []),
  ];
  for (const key of gone) delete all[key];
  return all;
}

/**
 * The simulator's quotas, with Nova's keys by microversion: the network ones go at 2.36,
 * the injected-file ones at 2.57. It enforces the metadata items (128) and nothing of
 * instances, cores or memory (-1: unlimited); the others are Nova's defaults.
 */
function quotas(minor: number): Record<string, number> {
  const all: Record<string, number> = {
    cores: -1,
    fixed_ips: -1,
    floating_ips: -1,
    injected_file_content_bytes: 10240,
    injected_file_path_bytes: 255,
    injected_files: 5,
    instances: -1,
    key_pairs: 100,
    metadata_items: MAX_METADATA_ITEMS,
    ram: -1,
    security_group_rules: -1,
    security_groups: -1,
    server_group_members: 10,
    server_groups: 10,
  };
  const gone = [
    ...(minor >= 36
      ? ['fixed_ips', 'floating_ips', 'security_group_rules', 'security_groups']
      : []),
    ...(minor >= 57
      ? ['injected_file_content_bytes', 'injected_file_path_bytes', 'injected_files']
      : []),
  ];
  for (const key of gone) delete all[key];
  return all;
}
