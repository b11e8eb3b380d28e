import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TimestampColumn } from '../../database/timestamp-column';

/**
 * A simulated Nova key pair. Nova keeps key pairs per user; the simulator has one user
 * per project, so they are kept per project, one name once per project.
 */
@Entity('mock_keypairs')
@Index('uq_mock_keypairs_project_name', ['projectId', 'name'], { unique: true })
export class MockKeypairEntity {
  /** Nova's numeric key pair id (shown by `GET /os-keypairs/{name}`). */
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /** `ssh` or `x509`. */
  @Column({ type: 'varchar', length: 8 })
  type!: 'ssh' | 'x509';

  @Column({ type: 'text' })
  publicKey!: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @TimestampColumn()
  createdAt!: Date;
}
