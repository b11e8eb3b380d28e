import {
  Table,
  TableColumn,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { SEED_CREATED_AT, SEED_NETWORK_PROJECT, SEED_NETWORKS } from '../src/simulator';

const id = (name: string, primary = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: primary,
});
const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const ts = (name: string) => str(name, 24);
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean' });

/** The addresses of an inventory server, as the cloud last reported them (JSON). */
const SERVER_ADDRESSES = new TableColumn({
  name: 'addresses',
  type: 'text',
  isNullable: false,
  default: "'{}'",
});

/** Why a simulated server's build will fail (a fixed IP its network cannot give). */
const BUILD_FAILURE = new TableColumn({ name: 'buildFailure', type: 'text', isNullable: true });

/**
 * Networks: the simulator's Neutron tables (networks, subnets, ports and their fixed
 * IPs), seeded with the shared dual-stack network `private`; a simulated server's
 * `buildFailure`; and the inventory's `servers.addresses`.
 */
export class Networks1764100000006 implements MigrationInterface {
  name = 'Networks1764100000006';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mock_networks',
        columns: [
          id('id', true),
          str('projectId', 64),
          str('name', 255),
          str('description', 255),
          bool('shared'),
          bool('external'),
          bool('adminStateUp'),
          str('status', 16),
          int('mtu'),
          ts('createdAt'),
          ts('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_subnets',
        columns: [
          id('id', true),
          id('networkId'),
          str('projectId', 64),
          str('name', 255),
          str('description', 255),
          int('ipVersion'),
          str('cidr', 64),
          str('gatewayIp', 64, true),
          str('poolStart', 64),
          str('poolEnd', 64),
          bool('enableDhcp'),
          str('ipv6AddressMode', 16, true),
          str('ipv6RaMode', 16, true),
          { name: 'dnsNameservers', type: 'text' },
          ts('createdAt'),
          ts('updatedAt'),
        ],
        indices: [new TableIndex({ name: 'idx_mock_subnets_network', columnNames: ['networkId'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_ports',
        columns: [
          id('id', true),
          id('networkId'),
          str('projectId', 64),
          str('name', 255),
          str('deviceId', 64),
          str('deviceOwner', 64),
          str('macAddress', 17),
          bool('adminStateUp'),
          str('status', 16),
          ts('createdAt'),
          ts('updatedAt'),
        ],
        indices: [
          new TableIndex({ name: 'idx_mock_ports_device', columnNames: ['deviceId'] }),
          new TableIndex({
            name: 'idx_mock_ports_network_mac',
            columnNames: ['networkId', 'macAddress'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'mock_fixed_ips',
        columns: [
          id('portId', true),
          { ...str('ipAddress', 64), isPrimary: true },
          id('subnetId'),
          id('networkId'),
          int('ipVersion'),
        ],
        indices: [
          new TableIndex({
            name: 'idx_mock_fixed_ips_network_address',
            columnNames: ['networkId', 'ipAddress'],
            isUnique: true,
          }),
          new TableIndex({ name: 'idx_mock_fixed_ips_subnet', columnNames: ['subnetId'] }),
        ],
      }),
    );
    await q.addColumn('servers', SERVER_ADDRESSES);
    await q.addColumn('mock_servers', BUILD_FAILURE);

    const networks = Object.values(SEED_NETWORKS);
    const seeded = { projectId: SEED_NETWORK_PROJECT, createdAt: SEED_CREATED_AT };
    await q.manager.insert(
      'mock_networks',
      networks.map((network) => ({
        id: network.id,
        name: network.name,
        description: '',
        shared: true,
        external: false,
        adminStateUp: true,
        status: 'ACTIVE',
        mtu: 1450,
        projectId: seeded.projectId,
        createdAt: seeded.createdAt,
        updatedAt: seeded.createdAt,
      })),
    );
    await q.manager.insert(
      'mock_subnets',
      networks.flatMap((network) =>
        network.subnets.map((subnet) => ({
          ...subnet,
          networkId: network.id,
          description: '',
          enableDhcp: true,
          ipv6RaMode: subnet.ipv6AddressMode,
          // An array: the entity's JSON transformer stores it as text.
          dnsNameservers: [],
          projectId: seeded.projectId,
          createdAt: seeded.createdAt,
          updatedAt: seeded.createdAt,
        })),
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('mock_servers', 'buildFailure');
    await q.dropColumn('servers', 'addresses');
    await q.dropTable('mock_fixed_ips');
    await q.dropTable('mock_ports');
    await q.dropTable('mock_subnets');
    await q.dropTable('mock_networks');
  }
}
