import type { OpenStackConnectionConfig } from '../../config/openstack-connection-config';
import type { CreateServerRequest } from '../cloud-records';
import { type Microversion } from './microversion';
import { NETWORKS_REQUIRED } from './nova-api';

/**
 * The `server` object of `POST /servers`. From 2.37 Nova requires `networks`, and
 * takes `"auto"`/`"none"` there; before, it is omitted unless explicit networks are
 * configured. Metadata is passed through (it carries the inventory and project tags).
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
  const { networks } = config;
  if (typeof networks !== 'string') {
    server.networks = networks.map((uuid) => ({ uuid }));
  } else if (version?.atLeast(NETWORKS_REQUIRED)) {
    server.networks = networks;
  }
  return server;
}
