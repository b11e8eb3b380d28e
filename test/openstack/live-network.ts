import { randomInt, randomUUID } from 'node:crypto';
import { identityV3Url, keystoneAuthBody } from '../../src/compute/real/keystone-auth-body';
import { networkV2Url, ServiceCatalog } from '../../src/compute/real/service-catalog';
import type { OpenStackConnectionConfig } from '../../src/config/openstack-connection-config';

/** A network made on the live cloud for one run, and an address a port of it holds. */
export interface LiveNetwork {
  network: { id: string; name: string };
  heldAddress: string;
  remove(): Promise<void>;
}

/**
 * Makes a network with one IPv4 subnet and a port holding one of its addresses, through
 * Neutron's API with the run's credentials (Neutron makes them without agents; only a
 * server's port binding needs those). `remove` deletes all three.
 */
export async function createLiveNetwork(config: OpenStackConnectionConfig): Promise<LiveNetwork> {
  const auth = await fetch(`${identityV3Url(config.authUrl)}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(keystoneAuthBody(config.auth)),
  });
  if (!auth.ok) throw new Error(`Keystone refused the run's credentials: HTTP ${auth.status}`);
  const token = auth.headers.get('x-subject-token')!;
  const { token: body } = (await auth.json()) as { token: { catalog: unknown } };
  const neutron = networkV2Url(
    new ServiceCatalog(body.catalog).endpoint('network', config.interface, config.regionName),
  );
  const call = async (method: string, path: string, payload?: unknown) => {
    const res = await fetch(`${neutron}${path}`, {
      method,
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (!res.ok && res.status !== 404) {
      throw new Error(`Neutron ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    }
    return res.status === 204
      ? null
      : ((await res.json().catch(() => null)) as Record<string, { id: string }> | null);
  };

  const name = `contract-net-${randomUUID().slice(0, 8)}`;
  const prefix = `10.${randomInt(200, 250)}.${randomInt(0, 256)}`;
  const network = (await call('POST', '/networks', { network: { name } }))!.network;
  const ids = { network: network.id, subnet: '', port: '' };
  try {
    ids.subnet = (await call('POST', '/subnets', {
      subnet: { name: `${name}-v4`, network_id: network.id, ip_version: 4, cidr: `${prefix}.0/24` },
    }))!.subnet.id;
    const heldAddress = `${prefix}.50`;
    ids.port = (await call('POST', '/ports', {
      port: {
        name: `${name}-held`,
        network_id: network.id,
        fixed_ips: [{ ip_address: heldAddress }],
      },
    }))!.port.id;
    return {
      network: { id: network.id, name },
      heldAddress,
      remove: () => removeAll(call, ids),
    };
  } catch (error) {
    await removeAll(call, ids);
    throw error;
  }
}

async function removeAll(
  call: (method: string, path: string) => Promise<unknown>,
  ids: { network: string; subnet: string; port: string },
): Promise<void> {
  if (ids.port) await call('DELETE', `/ports/${ids.port}`);
  if (ids.subnet) await call('DELETE', `/subnets/${ids.subnet}`);
  await call('DELETE', `/networks/${ids.network}`);
}
