import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One fixed IP of a port, on one subnet. An address is held by one port of its network
 * at a time: the unique index on (network, address) is what makes two concurrent
 * allocations of the same address fail, whatever the database.
 */
@Entity('mock_fixed_ips')
@Index('idx_mock_fixed_ips_network_address', ['networkId', 'ipAddress'], { unique: true })
@Index('idx_mock_fixed_ips_subnet', ['subnetId'])
export class MockFixedIpEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  portId!: string;

  /** Canonical spelling (see `canonicalIp`). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  ipAddress!: string;

  @Column({ type: 'varchar', length: 36 })
  subnetId!: string;

  @Column({ type: 'varchar', length: 36 })
  networkId!: string;

  @Column({ type: 'integer' })
  ipVersion!: number;
}
