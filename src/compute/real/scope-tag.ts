import type { CloudScope } from '../cloud-records';

/**
 * Metadata key (server) and property (snapshot image) naming the service project a
 * resource was made for. The real client acts with one cloud credential for every
 * service project, so it records the project here and hides resources tagged for
 * another project on reads. Untagged resources (made outside this service) are seen
 * by all.
 */
export const PROJECT_TAG = 'vm-lifecycle:project';

/** Whether a resource with these tags/properties is visible to the scope. */
export function visibleTo(scope: CloudScope, tags: Record<string, unknown>): boolean {
  const owner = tags[PROJECT_TAG];
  return owner === undefined || owner === null || owner === scope.projectId;
}

/** Metadata with the scope's tag added. */
export function tagged(scope: CloudScope, metadata: Record<string, string> = {}) {
  return { ...metadata, [PROJECT_TAG]: scope.projectId };
}

/** Metadata as the caller gave it, without the client's own tag. */
export function untagged(metadata: Record<string, string>): Record<string, string> {
  const rest = { ...metadata };
  delete rest[PROJECT_TAG];
  return rest;
}
