import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A server in a server group (Nova's `instance_group_member`), added when the server's
 * create was accepted. `seq` is the order members were added in.
 */
@Entity('mock_server_group_members')
@Index('uq_mock_server_group_members', ['groupId', 'serverId'], { unique: true })
@Index('idx_mock_server_group_members_server', ['serverId'])
export class MockServerGroupMemberEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Column({ type: 'varchar', length: 36 })
  groupId!: string;

  @Column({ type: 'varchar', length: 36 })
  serverId!: string;
}
