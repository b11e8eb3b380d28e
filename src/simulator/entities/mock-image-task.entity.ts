import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/** A Glance task: an image import (`api_image_import`), as `GET /v2/images/{id}/tasks` lists it. */
@Entity('mock_image_tasks')
@Index('idx_mock_image_tasks_image', ['imageId'])
export class MockImageTaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  imageId!: string;

  /** The project that asked (Glance's task `owner`). */
  @Column({ type: 'varchar', length: 255 })
  projectId!: string;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** The `x-openstack-request-id` of the import call. */
  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  /** `processing`, then `success` or `failure`. */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  input!: Record<string, unknown>;

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  result!: Record<string, unknown> | null;

  @Column({ type: 'text' })
  message!: string;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;

  @TimestampColumn()
  expiresAt!: Date;
}
