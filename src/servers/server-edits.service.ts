import { compressIpv6 } from '../compute/access-ips';
import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors/errors';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudNotFoundError } from '../compute/cloud-errors';
import type { CloudScope } from '../compute/cloud-records';
import type { OpenStackClient } from '../compute/openstack-client';
import { MAX_SERVER_TAGS, sortedTags } from '../compute/server-tags';
import type { ServerDto } from './dto/server.dto';
import type { ServerTagsDto } from './dto/server-tags.dto';
import { caseTwin } from './dto/tags.validator';
import type { UpdateServerDto } from './dto/update-server.dto';
import { isAllowed, type ActionRule } from './lifecycle/lifecycle-rules';
import type { ActionResult, RequestContext } from './request-context';
import { describeFailure, ServerChangeRunner } from './server-change-runner';
import type { ServerActionName } from './server-action.entity';
import { assertUnlocked, underLock } from './server-lock';
import { ServerReader } from './server-reader';
import type { ServerEntity } from './server.entity';
import { ServerStore } from './server-store';
import { INVENTORY_TAG, userMetadata } from './server-sync';
import { etagOf, ifMatchSatisfied, toServerDto } from './server.mapper';

/**
 * Metadata changes as Nova accepts them: ACTIVE, SHUTOFF, PAUSED or SUSPENDED, no task
 * in progress (nova/compute/api.py `update_instance_metadata`).
 */
const METADATA_RULE: ActionRule = {
  word: 'change the metadata of',
  allowedFrom: ['ACTIVE', 'SHUTOFF', 'PAUSED', 'SUSPENDED'],
  taskState: null,
};

/**
 * Tag changes as Nova accepts them: in vm_states active, stopped, paused and suspended,
 * whatever the task (nova/api/openstack/compute/server_tags.py). These are the statuses
 * those vm_states show.
 */
export const TAGGABLE_STATUSES = [
  'ACTIVE',
  'SHUTOFF',
  'PAUSED',
  'SUSPENDED',
  'REBOOT',
  'HARD_REBOOT',
  'RESIZE',
  'MIGRATING',
  'PASSWORD',
];

/** One change of a server that is not a lifecycle action: a rename, metadata, tags. */
interface Edit<R, T> {
  /** Its name in the action history. */
  history: ServerActionName;
  /** Its rules, beyond the lock and the If-Match: throws, or says there is nothing to do. */
  check(row: ServerEntity): 'proceed' | 'nothing';
  /** The cloud call(s), on the server's cloud id (`row` is its inventory row). */
  call(client: OpenStackClient, scope: CloudScope, cloudId: string, row: ServerEntity): Promise<R>;
  /** What the inventory takes from the result (the cloud's own answer where it gives one). */
  changes(current: ServerEntity, result: R): Partial<ServerEntity>;
  /** The answer, from the saved row. */
  answer(saved: ServerEntity): ActionResult<T>;
  /** The answer when there was nothing to do. */
  nothing?(row: ServerEntity): ActionResult<T>;
}

type Intent = { row: ServerEntity; cloudId: string } | { nothing: ServerEntity };

/**
 * Changes to a server that the cloud makes at once, without a task: `PATCH` (name and
 * metadata) and its tags. Each one reaches the cloud through `ServerChangeRunner`, in
 * both client modes: the rules are checked and the row's version moves (so a stale
 * If-Match is 412), then the cloud is called, then the inventory takes what the cloud
 * answered and the history records the change, `succeeded` or `failed`. The row's state
 * and `intentAt` are left alone: a refresh during the call only sees what the cloud had,
 * and another request's action in flight keeps its shield.
 */
@Injectable()
export class ServerEditsService {
  constructor(
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly reader: ServerReader,
    private readonly runner: ServerChangeRunner,
  ) {}

  /**
   * Renames the server (Nova `PUT /servers/{id}`, in any state) and replaces its
   * metadata (Nova `PUT /servers/{id}/metadata`, with our inventory tag kept on it).
   */
  async update(
    ctx: RequestContext,
    id: string,
    dto: UpdateServerDto,
    ifMatch?: string,
  ): Promise<{ server: ServerDto; etag: string }> {
    type Answer = { server: ServerDto; etag: string };
    const result = await this.edit<{ metadata?: Record<string, string> }, Answer>(
      ctx,
      id,
      ifMatch,
      {
        history: 'update',
        check: (row) => {
          if (dto.metadata !== undefined && !isAllowed(METADATA_RULE, row.status, row.taskState)) {
            throw Errors.invalidTransition(METADATA_RULE.word, row.status, row.taskState);
          }
          return 'proceed';
        },
        call: async (client, scope, cloudId, row) => {
          let metadata: Record<string, string> | undefined;
          if (dto.metadata !== undefined) {
            const sent = { ...dto.metadata, [INVENTORY_TAG]: row.id };
            // Nova refuses metadata changes on a locked server to our credential; an
            // admin key's change goes through the lock (as actions do).
            const now = await underLock(row, client, scope, cloudId, () =>
              client.replaceServerMetadata(scope, cloudId, sent),
            );
            metadata = userMetadata(now);
          }
          const { name, accessIPv4, accessIPv6 } = dto;
          if (name !== undefined || accessIPv4 !== undefined || accessIPv6 !== undefined) {
            await client.updateServer(scope, cloudId, {
              name,
              accessIpv4: accessIPv4,
              accessIpv6: accessIPv6,
            });
          }
          return { metadata };
        },
        changes: (_current, done) => ({
          ...(dto.name !== undefined ? { name: dto.name } : {}),
          ...(dto.accessIPv4 !== undefined ? { accessIpv4: dto.accessIPv4 } : {}),
          ...(dto.accessIPv6 !== undefined ? { accessIpv6: compressIpv6(dto.accessIPv6) } : {}),
          ...(done.metadata !== undefined ? { metadata: done.metadata } : {}),
        }),
        answer: (saved) => ({
          status: 200,
          body: { server: toServerDto(saved), etag: etagOf(saved) },
        }),
      },
    );
    return result.body;
  }

  /** The server's tags, as the inventory has them. */
  async tags(ctx: RequestContext, id: string): Promise<ServerTagsDto> {
    const { server } = await this.reader.get(ctx.principal, id);
    return { tags: server.tags };
  }

  /** Replaces every tag (duplicates count once). Answers the tags now. */
  async setTags(ctx: RequestContext, id: string, tags: string[]): Promise<ServerTagsDto> {
    const wanted = sortedTags(tags);
    const result = await this.edit<string[], ServerTagsDto>(ctx, id, undefined, {
      history: 'set-tags',
      check: (row) => {
        assertTaggable(row);
        return 'proceed';
      },
      call: (client, scope, cloudId) => client.setServerTags(scope, cloudId, wanted),
      changes: (_current, now) => ({ tags: sortedTags(now) }),
      answer: (saved) => ({ status: 200, body: { tags: saved.tags } }),
    });
    return result.body;
  }

  /**
   * Adds one tag: 201 with the tags now, or 204 when the server has it already (then
   * nothing is sent to the cloud and nothing recorded).
   */
  addTag(ctx: RequestContext, id: string, tag: string): Promise<ActionResult<ServerTagsDto>> {
    return this.edit<boolean, ServerTagsDto>(ctx, id, undefined, {
      history: 'add-tag',
      check: (row) => {
        if (row.tags.includes(tag)) return 'nothing';
        const twin = caseTwin([...row.tags, tag]);
        if (twin) {
          throw Errors.validation([
            { field: 'tag', message: `tags must differ by more than letter case (${twin})` },
          ]);
        }
        assertTaggable(row);
        if (row.tags.length >= MAX_SERVER_TAGS) {
          throw Errors.validation([
            { field: 'tag', message: `a server has at most ${MAX_SERVER_TAGS} tags` },
          ]);
        }
        return 'proceed';
      },
      call: (client, scope, cloudId) => client.addServerTag(scope, cloudId, tag),
      changes: (current) => ({ tags: sortedTags([...current.tags, tag]) }),
      answer: (saved) => ({
        status: 201,
        body: { tags: saved.tags },
        location: `/api/v1/servers/${saved.id}/tags/${encodeURIComponent(tag)}`,
      }),
      nothing: (row) => ({ status: 204, body: { tags: row.tags } }),
    });
  }

  /** Removes one tag; 404 TAG_NOT_FOUND when the server does not have it. */
  async removeTag(ctx: RequestContext, id: string, tag: string): Promise<void> {
    await this.edit<void, ServerTagsDto>(ctx, id, undefined, {
      history: 'remove-tag',
      check: (row) => {
        if (!row.tags.includes(tag)) throw Errors.tagNotFound(id, tag);
        assertTaggable(row);
        return 'proceed';
      },
      call: async (client, scope, cloudId) => {
        try {
          await client.removeServerTag(scope, cloudId, tag);
        } catch (error) {
          // Nova's 404 is for a missing server and a missing tag alike: if the server is
          // there, the tag was already gone from the cloud, which is what was asked.
          if (!(error instanceof CloudNotFoundError)) throw error;
          await client.getServer(scope, cloudId);
        }
      },
      changes: (current) => ({ tags: current.tags.filter((t) => t !== tag) }),
      answer: (saved) => ({ status: 204, body: { tags: saved.tags } }),
    });
  }

  /**
   * Runs an edit through the change runner: intent (rules; the version moves), the
   * cloud call, then the outcome or the failure, each recorded in the history.
   */
  private async edit<R, T>(
    ctx: RequestContext,
    id: string,
    ifMatch: string | undefined,
    edit: Edit<R, T>,
  ): Promise<ActionResult<T>> {
    // A server in transition is judged on the cloud's state now (a build may be over).
    await this.reader.fresh(ctx.principal, id);
    // Edits take no Idempotency-Key: each is a state to reach, safe to repeat.
    return this.runner.run<Intent, R | null, T>({ ...ctx, idempotencyKey: undefined }, '', {
      intent: async () => {
        const row = await this.store.getVisible(ctx.principal, id);
        if (ifMatch !== undefined && !ifMatchSatisfied(ifMatch, etagOf(row))) {
          throw Errors.preconditionFailed(id);
        }
        assertUnlocked(ctx.principal, row);
        if (edit.check(row) === 'nothing') return { nothing: row };
        if (!row.cloudId) throw Errors.invalidTransition('change', row.status, row.taskState);
        return { row: await this.store.save(row, {}), cloudId: row.cloudId };
      },
      call: (intent) => {
        if ('nothing' in intent) return Promise.resolve(null);
        const { row, cloudId } = intent;
        return this.cloud.run((client) =>
          edit.call(client, { projectId: row.projectId }, cloudId, row),
        );
      },
      outcome: async (intent, result) => {
        if ('nothing' in intent) return edit.nothing!(intent.nothing);
        const current = await this.store.getVisible(ctx.principal, intent.row.id);
        const saved = await this.store.save(current, edit.changes(current, result as R));
        await this.store.addAction(saved, edit.history, ctx.requestId, 'succeeded');
        return edit.answer(saved);
      },
      failed: async (intent, error) => {
        if ('nothing' in intent) return;
        const { row } = intent;
        const why = describeFailure(error);
        await this.store.addAction(row, edit.history, ctx.requestId, 'failed', why);
      },
    });
  }
}

/** Nova changes tags only in the vm_states behind these statuses (409 otherwise). */
function assertTaggable(row: ServerEntity): void {
  if (!TAGGABLE_STATUSES.includes(row.status)) {
    throw Errors.invalidTransition('change the tags of', row.status, row.taskState);
  }
}
