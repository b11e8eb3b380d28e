import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/errors';
import { parseIp, subnetAddressProblem, type SubnetAddressProblem } from '../common/net/ip-address';
import { fromCloudError } from '../compute/cloud-error-mapping';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudNetwork, NetworkRequest } from '../compute/cloud-records';
import { usableNetworks } from '../networks/usable-networks';

const WHY: Record<SubnetAddressProblem, string> = {
  outside: 'is in none of its subnets',
  network: "is a subnet's network address",
  broadcast: "is a subnet's broadcast address",
  gateway: "is a subnet's gateway",
};

/**
 * Create's checks on the networks it names, made before anything is sent to the cloud
 * (one network listing, and only when networks are named): each is one the project
 * may use, and each fixed IP is one its network can give. Failures are 422. Whether
 * an address is free only the cloud can say (409 FIXED_IP_IN_USE then).
 */
@Injectable()
export class NetworkChecks {
  constructor(private readonly cloud: CloudCalls) {}

  async assertAttachable(projectId: string, networks: NetworkRequest | undefined): Promise<void> {
    if (!Array.isArray(networks)) return;
    let available: CloudNetwork[];
    try {
      available = usableNetworks(await this.cloud.run((c) => c.listNetworks({ projectId })));
    } catch (error) {
      throw fromCloudError(error, () => Errors.upstreamFailed());
    }
    for (const [i, { networkId, fixedIp }] of networks.entries()) {
      const network = available.find((n) => n.id.toLowerCase() === networkId.toLowerCase());
      if (!network) {
        throw Errors.badReference(
          'NETWORK_NOT_FOUND',
          `Network ${networkId} does not exist or is not usable by your project.`,
          `networks[${i}].networkId`,
        );
      }
      if (fixedIp === undefined) continue;
      const why = addressProblem(network, fixedIp);
      if (why) {
        throw Errors.badReference(
          'FIXED_IP_NOT_ASSIGNABLE',
          `Fixed IP ${fixedIp} cannot be given on network ${network.name}: it ${WHY[why]} ` +
            `(${network.subnets.map((s) => s.cidr).join(', ') || 'no subnets'}).`,
          `networks[${i}].fixedIp`,
        );
      }
    }
  }
}

/** Why no subnet of the network can give the address: the nearest reason, or null. */
function addressProblem(network: CloudNetwork, fixedIp: string): SubnetAddressProblem | null {
  const ip = parseIp(fixedIp);
  if (!ip) return 'outside';
  const problems = network.subnets.map((subnet) => subnetAddressProblem(subnet, ip));
  if (problems.includes(null)) return null;
  return problems.find((p) => p !== 'outside') ?? 'outside';
}
