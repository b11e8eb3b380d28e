import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../../database/timestamp-column';

/** A simulated Neutron port: a server's plug into a network. */
@Entity('mock_ports')
@Index('idx_mock_ports_device', ['deviceId'])
@Index('idx_mock_ports_network_mac', ['networkId', 'macAddress'], { unique: true })
export class MockPortEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  networkId!: string;

  /** The project of the server it was made for. */
  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** The server's id (`device_id`). */
  @Column({ type: 'varchar', length: 64 })
  deviceId!: string;

  /** `compute:nova` for a server's port. */
  @Column({ type: 'varchar', length: 64 })
  deviceOwner!: string;

  /** `fa:16:3e:xx:xx:xx`, unique on its network. */
  @Column({ type: 'varchar', length: 17 })
  macAddress!: string;

  @Column({ type: 'boolean' })
  adminStateUp!: boolean;

  /** ACTIVE, DOWN or BUILD. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}
