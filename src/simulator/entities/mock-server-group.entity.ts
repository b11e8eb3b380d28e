import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/**
 * A simulated Nova server group (Nova's `instance_groups`): a placement policy for its
 * members. Names need not be unique. `seq` is the row's order of creation, which is the
 * order Nova lists groups in.
 */
@Entity('mock_server_groups')
@Index('uq_mock_server_groups_id', ['id'], { unique: true })
@Index('idx_mock_server_groups_project', ['projectId', 'seq'])
export class MockServerGroupEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  /** The group's uuid (Nova's `uuid`, shown as `id`). */
  @Column({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** `affinity`, `anti-affinity`, `soft-affinity` or `soft-anti-affinity`. */
  @Column({ type: 'varchar', length: 32 })
  policy!: string;

  /**
   * The policy's rules (from microversion 2.64): `{}` or `{ max_server_per_host }`, a
   * number or a string of digits, kept as given.
   */
  @Column({ type: 'text', transformer: jsonTransformer })
  rules!: { max_server_per_host?: number | string };

  @TimestampColumn()
  createdAt!: Date;
}
