import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/** A simulated Neutron subnet: one CIDR of a network, with one allocation pool. */
@Entity('mock_subnets')
@Index('idx_mock_subnets_network', ['networkId'])
export class MockSubnetEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  networkId!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  description!: string;

  @Column({ type: 'integer' })
  ipVersion!: number;

  /** Canonical spelling, e.g. `10.0.0.0/24`. */
  @Column({ type: 'varchar', length: 64 })
  cidr!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  gatewayIp!: string | null;

  /** The addresses fixed IPs are given from (first and last, inclusive). */
  @Column({ type: 'varchar', length: 64 })
  poolStart!: string;

  @Column({ type: 'varchar', length: 64 })
  poolEnd!: string;

  @Column({ type: 'boolean' })
  enableDhcp!: boolean;

  /** IPv6: `slaac` or `dhcpv6-stateless` derive a port's address from its MAC. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  ipv6AddressMode!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  ipv6RaMode!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer })
  dnsNameservers!: string[];

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}
