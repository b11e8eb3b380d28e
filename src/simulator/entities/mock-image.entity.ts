import { Column, Entity, Index, PrimaryColumn, type ValueTransformer } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/** 0/1 in an integer column (portable defaults), a boolean here. */
const flag: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value ? 1 : 0),
  from: (value: unknown) => value === 1 || value === true || value === '1',
};

/** A bigint column read as a number (image sizes stay far below 2^53). */
const bigNumber: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/**
 * A simulated Glance image. Snapshots start `queued` and turn `active` when their
 * server's task ends; uploads go `queued` → `saving` → `active`, staged data
 * `uploading` → `importing` (until `readyAt`) → `active` (ADR 16).
 */
@Entity('mock_images')
@Index('idx_mock_images_created', ['createdAt', 'id'])
export class MockImageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Glance lets it be null (shown as `"name": null`). */
  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 16 })
  visibility!: string;

  /** Owning project (Glance `owner`); null for images of the cloud operator. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  ownerProjectId!: string | null;

  @Column({ type: 'integer' })
  minDiskGb!: number;

  @Column({ type: 'integer' })
  minRamMb!: number;

  @Column({ type: 'bigint', nullable: true, transformer: bigNumber })
  sizeBytes!: number | null;

  /** Null until set (Glance needs both formats before data is uploaded). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  diskFormat!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  containerFormat!: string | null;

  /** The server a snapshot was taken of. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  sourceServerId!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer })
  properties!: Record<string, string>;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;

  /** When an import in progress (`importing`) completes, lazily, on the next read. */
  @TimestampColumn({ nullable: true })
  readyAt!: Date | null;

  /** Glance's image tags, in the order they were added. */
  @Column({ type: 'text', default: '[]', transformer: jsonTransformer })
  tags!: string[];

  /** A protected image cannot be deleted. */
  @Column({ name: 'protected', type: 'integer', default: 0, transformer: flag })
  isProtected!: boolean;

  /** Left out of default lists (Glance's `os_hidden`). */
  @Column({ type: 'integer', default: 0, transformer: flag })
  osHidden!: boolean;

  /**
   * md5 of the uploaded data (Glance's `checksum`); null for images whose data was never
   * uploaded here (the seeded ones, snapshots), which show checksums derived from their id.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  checksum!: string | null;

  /** sha512 of the uploaded data (Glance's `os_hash_value`, `os_hash_algo` sha512). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  hashValue!: string | null;

  /** What Glance's format inspector read: the size for raw, a qcow2 header's size; else null. */
  @Column({ type: 'bigint', nullable: true, transformer: bigNumber })
  virtualSize!: number | null;

  /** The upload (or stage) writing the data now; null otherwise. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  uploadId!: string | null;
}
