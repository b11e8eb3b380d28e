import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/timestamp-column';

export type ServerActionName =
  | 'create'
  | 'update'
  | 'delete'
  | 'start'
  | 'stop'
  | 'reboot'
  | 'snapshot'
  | 'resize'
  | 'confirm-resize'
  | 'revert-resize'
  | 'rebuild'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'shelve'
  | 'unshelve'
  | 'rescue'
  | 'unrescue'
  | 'lock'
  | 'unlock'
  | 'set-tags'
  | 'add-tag'
  | 'remove-tag';
export type ServerActionStatus = 'pending' | 'succeeded' | 'failed';

/** One entry of a server's action history. */
@Entity('server_actions')
@Index('idx_server_actions_server_started', ['serverId', 'startedAt', 'id'])
@Index('idx_server_actions_pending', ['serverId', 'status'])
export class ServerActionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  serverId!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: ServerActionName;

  @Column({ type: 'varchar', length: 16 })
  status!: ServerActionStatus;

  @Column({ type: 'varchar', length: 128 })
  requestId!: string;

  @TimestampColumn()
  startedAt!: Date;

  @TimestampColumn({ nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  error!: string | null;
}
