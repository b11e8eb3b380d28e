import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/**
 * A simulated Nova instance. `vmState` + `taskState` are the source of truth and
 * `status` is derived from them the way Nova does. A task in progress completes at
 * `taskDueAt`, applied lazily on the next read against the injected clock.
 */
@Entity('mock_servers')
@Index('idx_mock_servers_project_created', ['projectId', 'createdAt', 'id'])
@Index('idx_mock_servers_updated', ['updatedAt'])
@Index('idx_mock_servers_due', ['taskDueAt'])
export class MockServerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** Nova's `description` (microversion 2.19), null when none was set. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 32 })
  vmState!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  taskState!: string | null;

  /** Power state as Nova numbers it: 0 NOSTATE, 1 RUNNING, 4 SHUTDOWN. */
  @Column({ type: 'integer' })
  powerState!: number;

  @TimestampColumn({ nullable: true })
  taskDueAt!: Date | null;

  /** Extra data of the task in progress (the snapshot's image, the resize's flavor, …). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  taskRef!: string | null;

  /** The Nova action whose task is in progress (see `NOVA_ACTIONS`). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  taskAction!: string | null;

  /** Who locked the server, as Nova records it (`owner` or `admin`); null when unlocked. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  lockedBy!: 'owner' | 'admin' | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  lockedReason!: string | null;

  /** A resize in progress or awaiting confirmation: the flavor a revert returns to. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  priorFlavorId!: string | null;

  /** A resize: the vm_state (active or stopped) its confirm or revert returns to. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  priorVmState!: string | null;

  @Column({ type: 'varchar', length: 64 })
  flavorId!: string;

  @Column({ type: 'varchar', length: 36 })
  imageId!: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  metadata!: Record<string, string>;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  fault!: { code: number; message: string; created: string } | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  keyName!: string | null;

  /** Nova's `accessIPv4`, null when none was set. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  accessIpv4!: string | null;

  /** Nova's `accessIPv6` (in its compressed form), null when none was set. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  accessIpv6!: string | null;

  /** The image a shelve uploaded the server to (Nova's `shelved_image_id`), until unshelved. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  shelvedImageId!: string | null;

  /** Nova's `OS-DCF:diskConfig`: `MANUAL` or `AUTO`. */
  @Column({ type: 'varchar', length: 8, default: 'MANUAL' })
  diskConfig!: string;

  @Column({ type: 'text', nullable: true })
  userData!: string | null;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;

  @TimestampColumn({ nullable: true })
  launchedAt!: Date | null;

  @TimestampColumn({ nullable: true })
  terminatedAt!: Date | null;

  @Column({ type: 'boolean' })
  deleted!: boolean;

  /**
   * Why the build will fail, decided when the create was accepted (a fixed IP its
   * network cannot give, as Neutron refuses it to the compute host); null otherwise.
   */
  @Column({ type: 'text', nullable: true })
  buildFailure!: string | null;
}
