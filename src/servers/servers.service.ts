import { compressIpv6 } from '../compute/access-ips';
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock/clock';
import type { Page } from '../common/pagination/keyset';
import { CloudCalls } from '../compute/cloud-calls';
import type { CloudServer } from '../compute/cloud-records';
import type { CreateServerDto } from './dto/create-server.dto';
import type { ListServersQueryDto } from './dto/list-servers-query.dto';
import type { ServerDto } from './dto/server.dto';
import { requestFingerprint } from './idempotency.service';
import { describeFailure, ServerChangeRunner } from './server-change-runner';
import { ReconcileMarks } from './reconcile-marks';
import { ServerReader } from './server-reader';
import type { ServerEntity } from './server.entity';
import { ServerStore } from './server-store';
import { INVENTORY_TAG, ServerSync } from './server-sync';
import { toServerDto } from './server.mapper';
import { ImageChecks } from './image-checks';
import { NetworkChecks } from './network-checks';
import type { ActionResult, RequestContext } from './request-context';

/**
 * Server lifecycle: the rules of api.md, ownership, idempotency and action history,
 * on top of whichever `OpenStackClient` is bound. Every change runs through
 * `ServerChangeRunner`, which splits it around the cloud call.
 */
@Injectable()
export class ServersService {
  constructor(
    private readonly cloud: CloudCalls,
    private readonly store: ServerStore,
    private readonly sync: ServerSync,
    private readonly reader: ServerReader,
    private readonly runner: ServerChangeRunner,
    private readonly images: ImageChecks,
    private readonly networks: NetworkChecks,
    private readonly clock: Clock,
    private readonly marks: ReconcileMarks,
  ) {}

  get(principal: Principal, id: string): Promise<{ server: ServerDto; etag: string }> {
    return this.reader.get(principal, id);
  }

  list(principal: Principal, query: ListServersQueryDto): Promise<Page<ServerDto>> {
    return this.reader.list(principal, query);
  }

  console(principal: Principal, id: string, lines?: number): Promise<string> {
    return this.reader.console(principal, id, lines);
  }

  history(principal: Principal, id: string, limit: number, cursor?: string) {
    return this.reader.history(principal, id, limit, cursor);
  }

  async create(ctx: RequestContext, dto: CreateServerDto): Promise<ActionResult<ServerDto>> {
    const projectId = ctx.principal.projectId;
    await Promise.all([
      this.images.assertBootable(projectId, dto.imageId, dto.flavorId),
      dto.keyName === undefined ? undefined : this.images.assertKeypair(projectId, dto.keyName),
    ]);
    await this.networks.assertAttachable(projectId, dto.networks);
    const fingerprint = requestFingerprint('POST', '/servers', dto);
    const id = newId();
    return this.runner.run<ServerEntity, CloudServer, ServerDto>(ctx, fingerprint, {
      intent: async () => {
        const now = this.clock.now();
        const row: ServerEntity = {
          id,
          projectId,
          cloudId: null,
          name: dto.name,
          status: 'BUILD',
          taskState: 'scheduling',
          transitional: true,
          flavorId: dto.flavorId,
          imageId: dto.imageId,
          metadata: dto.metadata ?? {},
          addresses: {},
          fault: null,
          keyName: dto.keyName ?? null,
          accessIpv4: dto.accessIPv4 ?? null,
          accessIpv6: dto.accessIPv6 === undefined ? null : compressIpv6(dto.accessIPv6),
          createdAt: now,
          updatedAt: now,
          launchedAt: null,
          deletedAt: null,
          lockedBy: null,
          tags: [],
          intentAt: now,
          version: 1,
        };
        await this.store.insert(row);
        await this.marks.ensure(projectId, now);
        await this.store.addAction(row, 'create', ctx.requestId);
        return row;
      },
      call: (row) =>
        this.cloud.run((client) =>
          client.createServer(
            { projectId },
            {
              name: dto.name,
              imageId: dto.imageId,
              flavorId: dto.flavorId,
              metadata: { ...(dto.metadata ?? {}), [INVENTORY_TAG]: row.id },
              keyName: dto.keyName,
              userData: dto.userData,
              networks: dto.networks,
              accessIpv4: dto.accessIPv4,
              accessIpv6: dto.accessIPv6,
            },
          ),
        ),
      outcome: async (row, cloud) => {
        const current = await this.store.getVisible(ctx.principal, row.id);
        const saved = await this.sync.apply(current, cloud, true);
        return { status: 202, body: toServerDto(saved), location: `/api/v1/servers/${saved.id}` };
      },
      failed: async (row, error) => {
        const current = await this.store.getVisible(ctx.principal, row.id);
        await this.store.save(current, {
          status: 'ERROR',
          taskState: null,
          transitional: false,
          deletedAt: this.clock.now(),
          intentAt: null,
        });
        await this.store.finishPending(row.id, 'failed', describeFailure(error));
      },
    });
  }
}
