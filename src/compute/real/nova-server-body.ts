import type { OpenStackConnectionConfig } from '../../config/openstack-connection-config';
import { CloudBadRequestError } from '../cloud-errors';
import type { CreateServerRequest, NetworkRequest } from '../cloud-records';
import { type Microversion } from './microversion';
import { NETWORKS_REQUIRED } from './nova-api';

/**
 * The `server` object of `POST /servers`. Its `networks` are the request's, or the
 * configured default (`OPENSTACK_NETWORKS`) when it has none: a list becomes
 * `[{uuid, fixed_ip?}]`; `"auto"`/`"none"` are sent from 2.37, where Nova requires
 * `networks` and takes them; before, `auto` is what Nova does without `networks`, and
 * `none` cannot be asked for. Metadata is passed through (it carries the inventory and
 * project tags).
 */
export function novaServerBody(
  request: CreateServerRequest,
  metadata: Record<string, string>,
  config: Pick<OpenStackConnectionConfig, 'networks'>,
  version: Microversion | null,
): Record<string, unknown> {
  const server: Record<string, unknown> = {
    name: request.name,
    imageRef: request.imageId,
    flavorRef: request.flavorId,
    metadata,
  };
  if (request.keyName !== undefined) server.key_name = request.keyName;
  if (request.userData !== undefined) server.user_data = request.userData;
  if (request.accessIpv4 !== undefined) server.accessIPv4 = request.accessIpv4;
  if (request.accessIpv6 !== undefined) server.accessIPv6 = request.accessIpv6;
  const networks: NetworkRequest =
    request.networks ??
    (typeof config.networks === 'string'
      ? config.networks
      : config.networks.map((networkId) => ({ networkId })));
  if (typeof networks !== 'string') {
    server.networks = networks.map(({ networkId, fixedIp }) =>
      fixedIp === undefined ? { uuid: networkId } : { uuid: networkId, fixed_ip: fixedIp },
    );
  } else if (version?.atLeast(NETWORKS_REQUIRED)) {
    server.networks = networks;
  } else if (networks === 'none' && request.networks !== undefined) {
    throw new CloudBadRequestError(
      `A server without networks needs compute microversion ${NETWORKS_REQUIRED.toString()}.`,
    );
  }
  return server;
}
