import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One tag of an inventory server: the index `GET /servers?tags=` filters on (one
 * primary-key lookup per tag and candidate row). `servers.tags` keeps the same list for
 * reading; `ServerStore.save` writes both.
 */
@Entity('server_tags')
@Index('idx_server_tags_tag', ['tag', 'serverId'])
export class ServerTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  serverId!: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  tag!: string;
}
