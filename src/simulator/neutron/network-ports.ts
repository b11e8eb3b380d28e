import { Propagation, type TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Brackets, In } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import { newId } from '../../common/ids';
import { parseIp, formatIp } from '../../common/net/ip-address';
import {
  CloudBadRequestError,
  CloudFixedIpInUseError,
  CloudNetworkAmbiguousError,
  CloudNetworkNotFoundError,
} from '../../compute/cloud-errors';
import type { CloudScope, NetworkRequest } from '../../compute/cloud-records';
import { isUniqueViolation } from '../../database/unique-violation';
import type { MockFixedIpEntity } from '../entities/mock-fixed-ip.entity';
import type { MockNetworkEntity } from '../entities/mock-network.entity';
import type { MockPortEntity } from '../entities/mock-port.entity';
import type { MockSubnetEntity } from '../entities/mock-subnet.entity';
import type { SimulatorRepositories } from '../simulator-repositories';
import { assignable, derivedAddress, derivesAddresses, lowestFree, randomMac } from './addressing';

/** One address of a server, with what Nova's `addresses` shows of it. */
export interface PortAddress {
  /** The network's name (the key of Nova's `addresses`). */
  network: string;
  address: string;
  version: 4 | 6;
  mac: string;
}

/** A port to make for a new server. */
interface PlannedPort {
  network: MockNetworkEntity;
  /** Its subnets: IPv4 first, then IPv6, each by age. */
  subnets: MockSubnetEntity[];
  /** The requested address, canonical. */
  fixedIp?: string;
}

/** The ports a create makes, or why its build fails instead. */
export interface PortPlan {
  ports: PlannedPort[];
  /** Nova's reason, for "Build of instance <id> aborted: <reason>". */
  failure: string | null;
}

/** How many times an allocation that lost a race for an address picks another one. */
const MAX_ALLOCATION_ATTEMPTS = 64;
/** A server's ports, as Nova owns them. */
const DEVICE_OWNER = 'compute:nova';

/**
 * The simulator's Neutron: which networks a project sees and may boot onto, and the
 * ports and fixed IPs of servers. Nova's checks on a create's `networks` are made first
 * (`plan`, in `validate_networks`' order and with its messages); the ports are then made
 * in the create's transaction (`allocate`), each address claimed by the unique index on
 * (network, address), and deleted with the server (`release`).
 */
export class NetworkPorts {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repos: SimulatorRepositories,
    private readonly clock: Clock,
  ) {}

  /** Networks the scope sees: shared ones and its project's own; every one for an admin. */
  visibleNetworks(scope: CloudScope, ids?: readonly string[]): Promise<MockNetworkEntity[]> {
    const qb = this.repos.networks.createQueryBuilder('network');
    if (!scope.admin) {
      qb.where(
        new Brackets((visible) =>
          visible
            .where('network.shared = :shared', { shared: true })
            .orWhere('network.projectId = :projectId', { projectId: scope.projectId }),
        ),
      );
    }
    if (ids) {
      if (ids.length === 0) return Promise.resolve([]);
      qb.andWhere('network.id IN (:...ids)', { ids: [...ids] });
    }
    return qb.orderBy('network.createdAt', 'ASC').addOrderBy('network.id', 'ASC').getMany();
  }

  /** Subnets of the given networks: IPv4 first, then IPv6, each by age. */
  subnetsOf(networkIds: readonly string[]): Promise<MockSubnetEntity[]> {
    if (networkIds.length === 0) return Promise.resolve([]);
    return this.repos.subnets.find({
      where: { networkId: In([...networkIds]) },
      order: { ipVersion: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Nova's checks on a create's `networks`, before anything is made (400s and 409s as
   * its API answers them). A fixed IP no subnet of its network can give is not refused
   * here: Nova finds out when the compute host asks Neutron for the port, and the build
   * fails — the plan says so in `failure`.
   */
  async plan(scope: CloudScope, request: NetworkRequest | undefined): Promise<PortPlan> {
    if (request === 'none') return { ports: [], failure: null };
    if (request === undefined || request === 'auto') return this.planAuto(scope, request);

    for (const { networkId, fixedIp } of request) {
      if (fixedIp === undefined) continue;
      const holder = await this.holder(networkId, fixedIp);
      if (holder !== null) {
        throw new CloudFixedIpInUseError(
          `Fixed IP address ${fixedIp} is already in use on instance ${holder}.`,
          fixedIp,
        );
      }
    }
    const ids = [...new Set(request.map((r) => r.networkId))];
    const networks = await this.visibleNetworks(scope, ids);
    const subnets = await this.subnetsOf(networks.map((n) => n.id));
    for (const network of networks) {
      if (!subnets.some((s) => s.networkId === network.id)) {
        throw new CloudBadRequestError(
          `Network ${network.id} requires a subnet in order to boot instances on.`,
        );
      }
    }
    const missing = ids.filter((id) => !networks.some((n) => n.id === id));
    if (missing.length > 0) {
      throw new CloudNetworkNotFoundError(
        `Network ${missing.join(', ')} could not be found.`,
        missing,
      );
    }

    const ports: PlannedPort[] = [];
    for (const { networkId, fixedIp } of request) {
      const network = networks.find((n) => n.id === networkId)!;
      const own = subnets.filter((s) => s.networkId === networkId);
      if (fixedIp === undefined) {
        ports.push({ network, subnets: own });
        continue;
      }
      const ip = parseIp(fixedIp);
      if (!ip || !own.some((subnet) => assignable(subnet, ip))) {
        return {
          ports: [],
          failure:
            `Invalid input received: Fixed IP ${fixedIp} is not a valid ip address for ` +
            `network ${networkId}.`,
        };
      }
      ports.push({ network, subnets: own, fixedIp: formatIp(ip) });
    }
    return { ports, failure: null };
  }

  /**
   * Makes the planned ports of a server, in order. Returns why the build fails instead
   * when a network has no address left (and then makes none).
   */
  async allocate(scope: CloudScope, serverId: string, plan: PortPlan): Promise<string | null> {
    for (const planned of plan.ports) {
      const made = await this.allocatePort(scope, serverId, planned);
      if (!made) {
        await this.release(serverId);
        return 'Failed to allocate the network(s), not rescheduling.';
      }
    }
    return null;
  }

  /** Deletes a server's ports: their addresses are free again. */
  async release(serverId: string): Promise<void> {
    const ports = await this.repos.ports.find({
      where: { deviceId: serverId },
      select: { id: true },
    });
    if (ports.length === 0) return;
    const ids = ports.map((port) => port.id);
    await this.repos.fixedIps.delete({ portId: In(ids) });
    await this.repos.ports.delete({ id: In(ids) });
  }

  /** The addresses of each server, in the order its ports were made. */
  async addresses(serverIds: readonly string[]): Promise<Map<string, PortAddress[]>> {
    const out = new Map<string, PortAddress[]>();
    if (serverIds.length === 0) return out;
    const ports = await this.repos.ports.find({
      where: { deviceId: In([...new Set(serverIds)]) },
      order: { id: 'ASC' },
    });
    if (ports.length === 0) return out;
    const fixedIps = await this.fixedIpsOf(ports.map((p) => p.id));
    const networks = await this.repos.networks.findBy({
      id: In([...new Set(ports.map((p) => p.networkId))]),
    });
    const names = new Map(networks.map((n) => [n.id, n.name]));
    for (const port of ports) {
      const list = out.get(port.deviceId) ?? [];
      for (const ip of fixedIps.get(port.id) ?? []) {
        list.push({
          network: names.get(port.networkId) ?? port.networkId,
          address: ip.ipAddress,
          version: ip.ipVersion === 6 ? 6 : 4,
          mac: port.macAddress,
        });
      }
      out.set(port.deviceId, list);
    }
    return out;
  }

  /** The fixed IPs of each port: IPv4 first, then IPv6. */
  async fixedIpsOf(portIds: readonly string[]): Promise<Map<string, MockFixedIpEntity[]>> {
    const out = new Map<string, MockFixedIpEntity[]>();
    if (portIds.length === 0) return out;
    const rows = await this.repos.fixedIps.find({
      where: { portId: In([...portIds]) },
      order: { ipVersion: 'ASC', ipAddress: 'ASC' },
    });
    for (const row of rows) out.set(row.portId, [...(out.get(row.portId) ?? []), row]);
    return out;
  }

  /**
   * `auto`, or (before 2.37) no `networks` at all: the one network the project may boot
   * onto. Several are ambiguous (409); none is an error for `auto` and no network for an
   * omitted `networks`, as in Nova.
   */
  private async planAuto(scope: CloudScope, request: 'auto' | undefined): Promise<PortPlan> {
    const candidates = (await this.visibleNetworks({ projectId: scope.projectId })).filter(
      (network) => !network.external && network.adminStateUp,
    );
    if (candidates.length > 1) {
      throw new CloudNetworkAmbiguousError(
        'Multiple possible networks found, use a Network ID to be more specific.',
      );
    }
    const [network] = candidates;
    if (!network) {
      if (request === undefined) return { ports: [], failure: null };
      throw new CloudNetworkNotFoundError(
        `Unable to automatically allocate a network for project ${scope.projectId}`,
      );
    }
    return { ports: [{ network, subnets: await this.subnetsOf([network.id]) }], failure: null };
  }

  /** The server holding an address of a network ('' for a port of no server), or null. */
  private async holder(networkId: string, fixedIp: string): Promise<string | null> {
    const ip = parseIp(fixedIp);
    if (!ip) return null;
    const held = await this.repos.fixedIps.findOneBy({ networkId, ipAddress: formatIp(ip) });
    if (!held) return null;
    const port = await this.repos.ports.findOneBy({ id: held.portId });
    return port?.deviceId ?? '';
  }

  /**
   * Makes one port with its fixed IPs: the requested address, or the lowest free one of
   * each subnet that hands addresses out, and the derived address of each SLAAC subnet.
   * Each attempt is a savepoint: an address another transaction took first fails the
   * unique index, and the next attempt picks again (a requested one is then in use).
   * Returns false when a subnet has no free address left.
   */
  private async allocatePort(
    scope: CloudScope,
    serverId: string,
    planned: PlannedPort,
  ): Promise<boolean> {
    const lost = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const mac = randomMac();
      const addresses: { subnet: MockSubnetEntity; address: string }[] = [];
      for (const subnet of planned.subnets) {
        if (derivesAddresses(subnet)) {
          addresses.push({ subnet, address: derivedAddress(subnet, mac) });
        } else if (planned.fixedIp !== undefined) {
          const ip = parseIp(planned.fixedIp)!;
          if (assignable(subnet, ip)) addresses.push({ subnet, address: planned.fixedIp });
        } else {
          const taken = await this.takenIn(subnet.id);
          const address = lowestFree(subnet, taken, lost);
          if (address === null) return false;
          addresses.push({ subnet, address });
        }
      }
      try {
        await this.txHost.withTransaction(Propagation.Nested, () =>
          this.insertPort(scope, serverId, planned.network, mac, addresses),
        );
        return true;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_ALLOCATION_ATTEMPTS) throw error;
        if (planned.fixedIp !== undefined) {
          const holder = await this.holder(planned.network.id, planned.fixedIp);
          if (holder !== null) {
            throw new CloudFixedIpInUseError(
              `Fixed IP address ${planned.fixedIp} is already in use on instance ${holder}.`,
              planned.fixedIp,
            );
          }
        }
        for (const { address } of addresses) lost.add(address);
      }
    }
  }

  private async takenIn(subnetId: string): Promise<Set<string>> {
    const rows = await this.repos.fixedIps.find({
      where: { subnetId },
      select: { ipAddress: true },
    });
    return new Set(rows.map((row) => row.ipAddress));
  }

  private async insertPort(
    scope: CloudScope,
    serverId: string,
    network: MockNetworkEntity,
    mac: string,
    addresses: { subnet: MockSubnetEntity; address: string }[],
  ): Promise<void> {
    const now = this.clock.now();
    const port: MockPortEntity = {
      // Time-ordered: a server's ports keep the order they were asked for.
      id: newId(),
      networkId: network.id,
      projectId: scope.projectId,
      name: '',
      deviceId: serverId,
      deviceOwner: DEVICE_OWNER,
      macAddress: mac,
      adminStateUp: true,
      status: 'ACTIVE',
      createdAt: now,
      updatedAt: now,
    };
    await this.repos.ports.insert(port);
    await this.repos.fixedIps.insert(
      addresses.map(({ subnet, address }) => ({
        portId: port.id,
        ipAddress: address,
        subnetId: subnet.id,
        networkId: network.id,
        ipVersion: subnet.ipVersion,
      })),
    );
  }
}
