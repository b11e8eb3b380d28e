import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/timestamp-column';

/** A stored response for an `Idempotency-Key`, unique per project. */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_project_key', ['projectId', 'key'], { unique: true })
@Index('idx_idempotency_keys_created', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  /** SHA-256 of method, route and canonical body: a reuse with anything else is refused. */
  @Column({ type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'integer' })
  responseStatus!: number;

  @Column({ type: 'text' })
  responseBody!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  location!: string | null;

  @TimestampColumn()
  createdAt!: Date;
}
