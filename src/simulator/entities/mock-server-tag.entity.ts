import { Entity, Index, PrimaryColumn } from 'typeorm';

/** A tag of a simulated Nova server (Nova's `tags` table): one row per server and tag. */
@Entity('mock_server_tags')
@Index('idx_mock_server_tags_tag', ['tag'])
export class MockServerTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  serverId!: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  tag!: string;
}
