import type { ServerActionDto } from './dto/server-action.dto';
import type { ServerDto } from './dto/server.dto';
import type { ServerActionEntity } from './server-action.entity';
import type { ServerEntity } from './server.entity';
import { userMetadata } from './server-sync';

export function toServerDto(row: ServerEntity): ServerDto {
  return {
    id: row.id,
    name: row.name,
    projectId: row.projectId,
    status: row.status,
    taskState: row.taskState,
    flavorId: row.flavorId,
    imageId: row.imageId,
    metadata: userMetadata(row.metadata),
    addresses: row.addresses,
    fault: row.fault ? { code: row.fault.code, message: row.fault.message } : null,
    tags: [...row.tags],
    locked: row.lockedBy !== null,
    keyName: row.keyName,
    accessIPv4: row.accessIpv4,
    accessIPv6: row.accessIpv6,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    launchedAt: row.launchedAt?.toISOString() ?? null,
  };
}

export function toActionDto(row: ServerActionEntity): ServerActionDto {
  return {
    id: row.id,
    action: row.action,
    status: row.status,
    requestId: row.requestId,
    projectId: row.projectId,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

/** Strong ETag of a server representation: changes whenever the row's version does. */
export function etagOf(row: ServerEntity): string {
  return `"${row.id.slice(0, 8)}-${row.version}"`;
}

/** RFC 9110 If-Match: `*` or a list of entity tags (weak ones never match). */
export function ifMatchSatisfied(header: string, etag: string): boolean {
  const tags = header.split(',').map((t) => t.trim());
  return tags.includes('*') || tags.includes(etag);
}
