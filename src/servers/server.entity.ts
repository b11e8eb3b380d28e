import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../database/timestamp-column';

export type ServerLocker = 'member' | 'admin' | 'cloud';

/** One address of a server, as this API shows it. */
export interface ServerAddress {
  address: string;
  version: 4 | 6;
  type: 'fixed' | 'floating';
}

/** A server's addresses by network name. */
export type ServerAddresses = Record<string, ServerAddress[]>;

/** The inventory: this service's record of a server, linked to the cloud's by `cloudId`. */
@Entity('servers')
@Index('idx_servers_project_created', ['projectId', 'createdAt', 'id'])
@Index('idx_servers_created', ['createdAt', 'id'])
@Index('idx_servers_transitional', ['transitional'])
// Deleted rows only: over every row, SQLite would pick it for `deletedAt IS NULL` (every
// list page) and sort all live servers (migration 1764100000014).
@Index('idx_servers_deleted', ['deletedAt'], { where: '"deletedAt" IS NOT NULL' })
export class ServerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  projectId!: string;

  /** The cloud's server id; null until the cloud accepted the create. */
  @Index('idx_servers_cloud_id', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  cloudId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  taskState!: string | null;

  /** True while the status or task state is one the reconciler must follow. */
  @Column({ type: 'boolean' })
  transitional!: boolean;

  @Column({ type: 'varchar', length: 64 })
  flavorId!: string;

  @Column({ type: 'varchar', length: 64 })
  imageId!: string;

  @Column({ type: 'text', transformer: jsonTransformer })
  metadata!: Record<string, string>;

  /**
   * The server's tags, in list order (see `compareTags`). Mirrored row by row in
   * `server_tags` for filtering; write them only through `ServerStore.save`.
   */
  @Column({ type: 'text', transformer: jsonTransformer, default: '[]' })
  tags!: string[];

  @Column({ type: 'text', nullable: true, transformer: jsonTransformer })
  fault!: { code: number; message: string } | null;

  /** The key pair the server was created with, by the name its project knows it by. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  keyName!: string | null;

  /** Nova's `accessIPv4`: an address the user says the server is reached at; null when none. */
  @Column({ type: 'varchar', length: 15, nullable: true })
  accessIpv4!: string | null;

  /** Nova's `accessIPv6`, in its compressed form; null when none. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  accessIpv6!: string | null;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;

  @TimestampColumn({ nullable: true })
  launchedAt!: Date | null;

  /** The addresses the cloud last reported, by network name (`{}` before it answered). */
  @Column({ type: 'text', transformer: jsonTransformer, default: '{}' })
  addresses!: ServerAddresses;

  /** Set once the cloud no longer has the server; the row then reads as 404. */
  @TimestampColumn({ nullable: true })
  deletedAt!: Date | null;

  /**
   * Who locked the server: a `member` or an `admin` key through this API, or `cloud` for
   * a lock set outside it. Null when unlocked.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  lockedBy!: ServerLocker | null;

  /**
   * Set from a request's recorded intent until its outcome is recorded: the cloud call
   * is in flight. Refreshes leave the row alone meanwhile (see ServerSync).
   */
  @TimestampColumn({ nullable: true })
  intentAt!: Date | null;

  /** Optimistic-locking counter; also the ETag. */
  @Column({ type: 'integer' })
  version!: number;
}
