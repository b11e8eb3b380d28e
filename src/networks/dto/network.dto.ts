import { ApiProperty } from '@nestjs/swagger';
import { SEED_NETWORKS } from '../../simulator';

const EXAMPLE = SEED_NETWORKS.private;
const [V4] = EXAMPLE.subnets;

export class SubnetDto {
  @ApiProperty({ example: V4.id })
  id!: string;
  @ApiProperty({ example: V4.name })
  name!: string;
  @ApiProperty({ enum: [4, 6], example: 4 })
  ipVersion!: 4 | 6;
  @ApiProperty({ example: V4.cidr })
  cidr!: string;
  /** The router's address on the subnet; null when it has none. */
  @ApiProperty({ type: String, nullable: true, example: V4.gatewayIp })
  gatewayIp!: string | null;
  /**
   * IPv6 only: `slaac` or `dhcpv6-stateless` give each port an address derived from its
   * MAC, `dhcpv6-stateful` one from the pool; null for IPv4.
   */
  @ApiProperty({ type: String, nullable: true, example: null })
  ipv6AddressMode!: string | null;
}

export class NetworkDto {
  @ApiProperty({ example: EXAMPLE.id })
  id!: string;
  @ApiProperty({ example: EXAMPLE.name })
  name!: string;
  /**
   * Neutron's status: `ACTIVE`, `DOWN`, `BUILD` or `ERROR`.
   * @example "ACTIVE"
   */
  status!: string;
  /**
   * Shared with every project of the cloud (otherwise your project's own).
   * @example true
   */
  shared!: boolean;
  /**
   * Its subnets, IPv4 first.
   * @example [{"id":"8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e11","name":"private-subnet","ipVersion":4,"cidr":"10.0.0.0/24","gatewayIp":"10.0.0.1","ipv6AddressMode":null}]
   */
  @ApiProperty({ type: [SubnetDto] })
  subnets!: SubnetDto[];
}

export class NetworkListDto {
  @ApiProperty({ type: [NetworkDto] })
  items!: NetworkDto[];
  /** Networks come in one page; always null. */
  nextCursor!: string | null;
}
