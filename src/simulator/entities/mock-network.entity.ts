import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../../database/timestamp-column';

/** A simulated Neutron network. */
@Entity('mock_networks')
export class MockNetworkEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The owning project (Neutron's `project_id`). */
  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 255 })
  description!: string;

  /** Usable by every project. */
  @Column({ type: 'boolean' })
  shared!: boolean;

  /** `router:external`: a provider network that servers are not plugged into. */
  @Column({ type: 'boolean' })
  external!: boolean;

  @Column({ type: 'boolean' })
  adminStateUp!: boolean;

  /** ACTIVE, DOWN, BUILD or ERROR. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'integer' })
  mtu!: number;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}
