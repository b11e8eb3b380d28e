import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Between, In, LessThanOrEqual, MoreThanOrEqual, type FindOptionsWhere } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import type { CloudScope } from '../cloud-records';
import type { MockFlavorEntity } from './mock-flavor.entity';
import type { MockImageEntity } from './mock-image.entity';
import { isVisible, VISIBLE_TO_ALL } from './mock-image-rules';
import type { MockInstanceActionEntity } from './mock-instance-action.entity';
import { MockRepositories } from './mock-repositories';
import type { MockServerEntity } from './mock-server.entity';
import { MockTaskRunner } from './mock-task-runner';

/** Which servers a raw listing returns. */
export interface ServerRowsQuery {
  /** Changed at or after (deleted servers included, as Nova's `changes-since`). */
  changesSince?: Date;
  /** Changed at or before (Nova's `changes-before`, deleted servers included). */
  changesBefore?: Date;
}

/**
 * The simulator's rows as they are, for a wire-compatible façade that needs every
 * column (Nova's vm/task/power states, Glance's formats and properties). Reads settle
 * the project's due tasks first, exactly as `MockOpenStackClient` does, so both see
 * one simulated cloud. Callers run these inside a unit of work.
 */
export class MockCloudRows {
  private readonly repos: MockRepositories;
  private readonly tasks: MockTaskRunner;

  constructor(txHost: TransactionHost<TransactionalAdapterTypeOrm>, clock: Clock) {
    this.repos = new MockRepositories(txHost);
    this.tasks = new MockTaskRunner(txHost, this.repos, clock);
  }

  /** A live (not deleted) server of the scope, or null. */
  async server(scope: CloudScope, id: string): Promise<MockServerEntity | null> {
    await this.tasks.settleDue(scope.projectId);
    return this.repos.servers.findOneBy({ id, projectId: scope.projectId, deleted: false });
  }

  /** The scope's servers, newest first; live ones only unless a changes-* bound is given. */
  async servers(scope: CloudScope, query: ServerRowsQuery = {}): Promise<MockServerEntity[]> {
    await this.tasks.settleDue(scope.projectId);
    const where: FindOptionsWhere<MockServerEntity> = { projectId: scope.projectId };
    const { changesSince: since, changesBefore: before } = query;
    if (since && before) where.updatedAt = Between(since, before);
    else if (since) where.updatedAt = MoreThanOrEqual(since);
    else if (before) where.updatedAt = LessThanOrEqual(before);
    else where.deleted = false;
    return this.repos.servers.find({ where, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Nova's instance actions of a server of the scope (deleted ones too), newest first; null if unknown. */
  async instanceActions(
    scope: CloudScope,
    serverId: string,
  ): Promise<{ server: MockServerEntity; actions: MockInstanceActionEntity[] } | null> {
    await this.tasks.settleDue(scope.projectId);
    const server = await this.repos.servers.findOneBy({ id: serverId, projectId: scope.projectId });
    if (!server) return null;
    const actions = await this.repos.actions.find({
      where: { serverId, projectId: scope.projectId },
      order: { startTime: 'DESC', id: 'DESC' },
    });
    return { server, actions };
  }

  /** Images the scope sees (public, community, shared, and its own), newest first. */
  async images(scope: CloudScope): Promise<MockImageEntity[]> {
    await this.tasks.settleDue(scope.projectId);
    return this.repos.images.find({
      where: [{ visibility: In(VISIBLE_TO_ALL) }, { ownerProjectId: scope.projectId }],
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** An image the scope sees, or null. */
  async image(scope: CloudScope, id: string): Promise<MockImageEntity | null> {
    await this.tasks.settleDue(scope.projectId);
    const row = await this.repos.images.findOneBy({ id });
    return row && isVisible(row, scope) ? row : null;
  }

  /** Flavors by id: public ones, or every one (a server keeps pointing at its flavor). */
  flavors(includePrivate = false): Promise<MockFlavorEntity[]> {
    const where = includePrivate ? {} : { isPublic: true };
    return this.repos.flavors.find({ where, order: { id: 'ASC' } });
  }

  /** Any flavor by id (a server keeps pointing at its flavor), or null. */
  flavor(id: string): Promise<MockFlavorEntity | null> {
    return this.repos.flavors.findOneBy({ id });
  }
}
