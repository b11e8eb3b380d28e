import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/** A simulated Glance image. Snapshots start `queued` and turn `active` at `readyAt`. */
@Entity('mock_images')
@Index('idx_mock_images_created', ['createdAt', 'id'])
export class MockImageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 16 })
  visibility!: string;

  /** Owning project; null for images of the cloud operator. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ownerProjectId!: string | null;

  @Column({ type: 'integer' })
  minDiskGb!: number;

  @Column({ type: 'integer' })
  minRamMb!: number;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (v: unknown) => v,
      from: (v: string | number | null) => (v === null ? null : Number(v)),
    },
  })
  sizeBytes!: number | null;

  @Column({ type: 'varchar', length: 16 })
  diskFormat!: string;

  @Column({ type: 'varchar', length: 16 })
  containerFormat!: string;

  /** The server a snapshot was taken of. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  sourceServerId!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer })
  properties!: Record<string, string>;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;

  /** When a queued snapshot completes (lazily, on the next read). */
  @TimestampColumn({ nullable: true })
  readyAt!: Date | null;
}
