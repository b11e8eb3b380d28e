import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { Errors } from '../common/errors/errors';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudNetwork } from '../compute/cloud-records';
import type { NetworkDto, NetworkListDto } from './dto/network.dto';
import { usableNetworks } from './usable-networks';

const toDto = (network: CloudNetwork): NetworkDto => ({
  id: network.id,
  name: network.name,
  status: network.status,
  shared: network.shared,
  subnets: network.subnets.map((subnet) => ({
    id: subnet.id,
    name: subnet.name,
    ipVersion: subnet.ipVersion,
    cidr: subnet.cidr,
    gatewayIp: subnet.gatewayIp,
    ipv6AddressMode: subnet.ipv6AddressMode,
  })),
});

/** The networks a project's servers may be plugged into, read from the cloud each time. */
@Injectable()
export class NetworksService {
  constructor(private readonly cloud: CloudCalls) {}

  async list(principal: Principal): Promise<NetworkListDto> {
    const networks = await this.usable(principal);
    const items = networks
      .map(toDto)
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { items, nextCursor: null };
  }

  async get(principal: Principal, id: string): Promise<NetworkDto> {
    const network = (await this.usable(principal)).find(
      (n) => n.id.toLowerCase() === id.toLowerCase(),
    );
    if (!network) throw Errors.networkNotFound(id);
    return toDto(network);
  }

  private async usable(principal: Principal): Promise<CloudNetwork[]> {
    try {
      const scope = { projectId: principal.projectId };
      return usableNetworks(await this.cloud.run((c) => c.listNetworks(scope)));
    } catch (error) {
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
  }
}
