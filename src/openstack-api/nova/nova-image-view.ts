import type { MockImageEntity } from '../../simulator';
import { secondsFormat } from '../http/openstack-time';
import type { NovaUrls } from './nova-urls';

/** Nova's image statuses by Glance's (views/images.py `_get_status`). */
const STATUS: Record<string, string> = {
  active: 'ACTIVE',
  queued: 'SAVING',
  saving: 'SAVING',
  deleted: 'DELETED',
  pending_delete: 'DELETED',
  killed: 'ERROR',
};

/** Nova's made-up progress by Glance status (`_get_progress`). */
const PROGRESS: Record<string, number> = { queued: 25, saving: 50, active: 100 };

/** Nova's `status` of an image with this Glance status. */
export function novaImageStatus(glanceStatus: string): string {
  return STATUS[glanceStatus] ?? 'UNKNOWN';
}

/**
 * An image's links in Nova's image API: self and bookmark under Nova, and the image in
 * Glance (its unversioned `/images/{id}`) as the alternate.
 */
function imageLinks(row: MockImageEntity, urls: NovaUrls, glanceUrl: string) {
  return [
    ...urls.links('images', row.id),
    {
      rel: 'alternate',
      type: 'application/vnd.openstack.image',
      href: `${glanceUrl}/images/${row.id}`,
    },
  ];
}

/** `{id, name, links}`: an entry of `GET /images`. */
export function novaImageSummary(row: MockImageEntity, urls: NovaUrls, glanceUrl: string) {
  return { id: row.id, name: row.name, links: imageLinks(row, urls, glanceUrl) };
}

/**
 * Nova's image view (views/images.py `show`, with the image-size extension): Glance's
 * extra properties as `metadata`, the size as 0 until there is data, and for a snapshot
 * (an `instance_uuid` property) a link to its server.
 */
export function novaImageDetail(row: MockImageEntity, urls: NovaUrls, glanceUrl: string) {
  const view: Record<string, unknown> = {
    id: row.id,
    name: row.name,
    minRam: row.minRamMb,
    minDisk: row.minDiskGb,
    metadata: { ...row.properties },
    created: secondsFormat(row.createdAt),
    updated: secondsFormat(row.updatedAt),
    status: novaImageStatus(row.status),
    progress: PROGRESS[row.status] ?? 0,
    'OS-EXT-IMG-SIZE:size': row.sizeBytes ?? 0,
    links: imageLinks(row, urls, glanceUrl),
  };
  const serverId = row.properties.instance_uuid;
  if (serverId !== undefined)
    view.server = { id: serverId, links: urls.links('servers', serverId) };
  return view;
}
