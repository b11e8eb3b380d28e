import { Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/timestamp-column';

/** When the reconciler last asked the cloud what changed in a project (see the migration). */
@Entity('reconcile_marks')
export class ReconcileMarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId!: string;

  @TimestampColumn()
  checkedAt!: Date;
}
