import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ReconcileMarkEntity } from './reconcile-mark.entity';

/**
 * The reconciler's marks: one row per project with servers, saying when the cloud was
 * last asked what changed there. Joins the ambient transaction.
 */
@Injectable()
export class ReconcileMarks {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(ReconcileMarkEntity);
  }

  all(): Promise<ReconcileMarkEntity[]> {
    return this.repo.find();
  }

  /** Starts following a project (its first server): nothing before `at` needs asking about. */
  async ensure(projectId: string, at: Date): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(ReconcileMarkEntity)
      .values({ projectId, checkedAt: at })
      .orIgnore()
      .execute();
  }

  /** The cloud was asked about the project at `at`. */
  async checked(projectId: string, at: Date): Promise<void> {
    await this.repo.upsert({ projectId, checkedAt: at }, ['projectId']);
  }

  async forget(projectId: string): Promise<void> {
    await this.repo.delete({ projectId });
  }
}
