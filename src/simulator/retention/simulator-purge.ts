import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, LessThan } from 'typeorm';
import { MockInstanceActionEntity } from '../entities/mock-instance-action.entity';
import { MockServerEntity } from '../entities/mock-server.entity';
import { MockServerTagEntity } from '../entities/mock-server-tag.entity';
import { MockServerGroupMemberEntity } from '../entities/mock-server-group-member.entity';

/**
 * Forgets the simulated cloud's long-deleted servers, as an operator's
 * `nova-manage db archive_deleted_rows` would: the server rows, their instance actions,
 * tags and server group memberships, a bounded batch per call, in one short transaction.
 */
@Injectable()
export class SimulatorPurge {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Purges up to `batch` servers deleted before `before`; returns how many went. */
  purgeDeletedServers(before: Date, batch: number): Promise<number> {
    return this.txHost.withTransaction(async () => {
      const servers = this.txHost.tx.getRepository(MockServerEntity);
      const rows = await servers.find({
        select: { id: true },
        where: { deleted: true, updatedAt: LessThan(before) },
        order: { updatedAt: 'ASC' },
        take: batch,
      });
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await this.txHost.tx.getRepository(MockInstanceActionEntity).delete({ serverId: In(ids) });
      await this.txHost.tx.getRepository(MockServerTagEntity).delete({ serverId: In(ids) });
      await this.txHost.tx.getRepository(MockServerGroupMemberEntity).delete({ serverId: In(ids) });
      await servers.delete({ id: In(ids) });
      return ids.length;
    });
  }
}
