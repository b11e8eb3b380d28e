import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/timestamp-column';

export type ApiKeyRole = 'member' | 'admin';

/** An API key. Only a SHA-256 of the secret is stored. */
@Entity('api_keys')
@Index('idx_api_keys_created', ['createdAt', 'id'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ApiKeyRole;

  @Index('uq_api_keys_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  keyHash!: string;

  @TimestampColumn()
  createdAt!: Date;
}
