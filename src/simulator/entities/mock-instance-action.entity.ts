import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../../database/timestamp-column';

/** Nova's instance action record (`os-instance-actions`). */
@Entity('mock_instance_actions')
@Index('idx_mock_instance_actions_server', ['serverId', 'startTime'])
export class MockInstanceActionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  serverId!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  /** Nova's action name: create, stop, start, reboot, createImage, delete. */
  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  message!: string | null;

  @TimestampColumn()
  startTime!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}
