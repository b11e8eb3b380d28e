import { randomUUID } from 'node:crypto';
import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, type Repository } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import { CloudBadRequestError, CloudQuotaExceededError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import { MockServerGroupEntity } from '../entities/mock-server-group.entity';
import { MockServerGroupMemberEntity } from '../entities/mock-server-group-member.entity';
import { MockServerEntity } from '../entities/mock-server.entity';
import { VmState } from './nova-status';

/** Nova's placement policies for a server group. */
export const SERVER_GROUP_POLICIES = [
  'affinity',
  'anti-affinity',
  'soft-affinity',
  'soft-anti-affinity',
] as const;
export type ServerGroupPolicy = (typeof SERVER_GROUP_POLICIES)[number];

/** Nova's default quotas: server groups per project, and servers per group. */
export const SERVER_GROUPS_QUOTA = 10;
export const SERVER_GROUP_MEMBERS_QUOTA = 10;

/**
 * The fault of a server the scheduler found no host for, as Nova words it: a server
 * whose `buildFailure` is this never had a host.
 */
export const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

/** Whether a server never got a host (its scheduling failed). */
export const neverScheduled = (server: MockServerEntity): boolean =>
  server.buildFailure === NO_VALID_HOST;

/** A new server group. */
export interface ServerGroupCreate {
  name: string;
  policy: ServerGroupPolicy;
  /** `max_server_per_host` (anti-affinity only, from microversion 2.64), kept as given. */
  rules?: { max_server_per_host?: number | string };
}

/** A group and its members: live servers, newest first (Nova's order). */
export interface ServerGroupRow {
  group: MockServerGroupEntity;
  members: string[];
}

/**
 * Where the servers of one create request go when it names a group
 * (`os:scheduler_hints: {group}`): the group is looked up, its member quota checked and
 * the scheduling decided at the first server (after the create's own checks, as Nova
 * does), the same decision holding for every server of the request.
 */
export interface BootPlacement {
  /**
   * Admits a server of the request into the group: null when the scheduler places it,
   * otherwise why its build fails (Nova's no-valid-host fault).
   */
  admit(serverId: string): Promise<string | null>;
}

/**
 * Nova's server groups on the simulator's one compute host. A hard `anti-affinity`
 * group holds at most `max_server_per_host` (default 1) servers on it, so further
 * members fail scheduling (ERROR, "No valid host was found…"); `affinity` and the soft
 * policies always fit on one host. Groups are per project: a group of another project
 * is unknown, except to an admin, as in Nova's API database queries. Quotas are Nova's
 * defaults (10 groups per project, 10 servers per group).
 */
export class SimulatedServerGroups {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    /** Settles a project's due tasks, so that members show their state as of now. */
    private readonly settle: (projectId: string) => Promise<void>,
  ) {}

  private get groups(): Repository<MockServerGroupEntity> {
    return this.txHost.tx.getRepository(MockServerGroupEntity);
  }

  private get memberRows(): Repository<MockServerGroupMemberEntity> {
    return this.txHost.tx.getRepository(MockServerGroupMemberEntity);
  }

  /** Nova's 403 when the scope's project has as many groups as its quota allows. */
  async checkQuota(scope: CloudScope): Promise<void> {
    const count = await this.groups.countBy({ projectId: scope.projectId });
    if (count >= SERVER_GROUPS_QUOTA) {
      throw new CloudQuotaExceededError('Quota exceeded, too many server groups.');
    }
  }

  /** Creates a group in the scope's project, within the project's quota of groups. */
  create(scope: CloudScope, request: ServerGroupCreate): Promise<ServerGroupRow> {
    return this.txHost.withTransaction(async () => {
      await this.checkQuota(scope);
      const group = Object.assign(new MockServerGroupEntity(), {
        id: randomUUID(),
        projectId: scope.projectId,
        name: request.name,
        policy: request.policy,
        rules: { ...request.rules },
        createdAt: this.clock.now(),
      });
      await this.groups.insert(group);
      return { group, members: [] };
    });
  }

  /**
   * The scope's groups in order of creation; an admin asking for all projects gets every
   * project's (a member asking for them gets its own, as in Nova).
   */
  async list(scope: CloudScope, allProjects: boolean): Promise<ServerGroupRow[]> {
    const groups = await this.groups.find({
      where: allProjects && scope.admin ? {} : { projectId: scope.projectId },
      order: { seq: 'ASC' },
    });
    return this.withMembers(groups);
  }

  /** A group the scope may see, with its members, or null. */
  async get(scope: CloudScope, id: string): Promise<ServerGroupRow | null> {
    const group = await this.find(scope, id);
    return group ? (await this.withMembers([group]))[0] : null;
  }

  /** Deletes a group the scope may see (its members stay as they are); false if none. */
  delete(scope: CloudScope, id: string): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const group = await this.find(scope, id);
      if (!group) return false;
      await this.memberRows.delete({ groupId: group.id });
      await this.groups.delete({ seq: group.seq });
      return true;
    });
  }

  /** The groups a server is a member of (Nova shows at most one). */
  async groupIdsOf(serverId: string): Promise<string[]> {
    const rows = await this.memberRows.find({ where: { serverId }, order: { seq: 'ASC' } });
    if (rows.length === 0) return [];
    const groups = await this.groups.findBy({ id: In(rows.map((row) => row.groupId)) });
    const live = new Set(groups.map((group) => group.id));
    return rows.map((row) => row.groupId).filter((id) => live.has(id));
  }

  /** The placement of the `count` servers of one create request into group `groupId`. */
  placement(scope: CloudScope, groupId: string, count: number): BootPlacement {
    let decided: { group: MockServerGroupEntity; failure: string | null } | null = null;
    return {
      admit: async (serverId) => {
        decided ??= await this.decide(scope, groupId, count);
        await this.memberRows.insert({ groupId: decided.group.id, serverId });
        return decided.failure;
      },
    };
  }

  /** Looks the group up (400), checks its member quota (403), and schedules the request. */
  private async decide(scope: CloudScope, groupId: string, count: number) {
    const group = await this.find(scope, groupId);
    if (!group) throw new CloudBadRequestError(`Instance group ${groupId} could not be found.`);
    await this.settle(group.projectId);
    const members = await this.liveMembers([group.id]);
    if (members.length + count > SERVER_GROUP_MEMBERS_QUOTA) {
      throw new CloudQuotaExceededError('Quota exceeded, too many servers in group');
    }
    if (group.policy !== 'anti-affinity') return { group, failure: null };
    const onHost = members.filter(
      ({ server }) => !neverScheduled(server) && server.vmState !== VmState.ShelvedOffloaded,
    ).length;
    const max = Number(group.rules.max_server_per_host ?? 1);
    return { group, failure: onHost + count > max ? NO_VALID_HOST : null };
  }

  private find(scope: CloudScope, id: string): Promise<MockServerGroupEntity | null> {
    return this.groups.findOneBy(scope.admin ? { id } : { id, projectId: scope.projectId });
  }

  private async withMembers(groups: MockServerGroupEntity[]): Promise<ServerGroupRow[]> {
    for (const projectId of new Set(groups.map((group) => group.projectId))) {
      await this.settle(projectId);
    }
    const members = await this.liveMembers(groups.map((group) => group.id));
    return groups.map((group) => ({
      group,
      members: members.filter((m) => m.groupId === group.id).map((m) => m.server.id),
    }));
  }

  /** The members of the groups that are servers not deleted: newest first, as Nova lists them. */
  private async liveMembers(
    groupIds: string[],
  ): Promise<{ groupId: string; seq: number; server: MockServerEntity }[]> {
    if (groupIds.length === 0) return [];
    const rows = await this.memberRows.findBy({ groupId: In(groupIds) });
    if (rows.length === 0) return [];
    const servers = await this.txHost.tx
      .getRepository(MockServerEntity)
      .findBy({ id: In(rows.map((row) => row.serverId)), deleted: false });
    const byId = new Map(servers.map((server) => [server.id, server]));
    return rows
      .filter((row) => byId.has(row.serverId))
      .map((row) => ({ groupId: row.groupId, seq: row.seq, server: byId.get(row.serverId)! }))
      .sort((a, b) => b.server.createdAt.getTime() - a.server.createdAt.getTime() || b.seq - a.seq);
  }
}
