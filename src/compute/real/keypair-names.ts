import type { CloudScope } from '../cloud-records';

/**
 * Key pair names in Nova for the service's projects (ADR 12). The real client acts with
 * one credential, that is one Nova user, for every service project, and Nova keeps one
 * name once per user; so a project's key pair `name` is stored as
 * `vml-<project> <name>`: a marker, the project id escaped, a space, the user's name.
 *
 * - Readable: `vml-team-blue web-key` in `openstack keypair list`.
 * - Unambiguous: project ids never hold a space, so the first space ends the prefix, and
 *   the escape (`_` → `__`, `.` → `_d`, anything else outside `[A-Za-z0-9-]` → `_u` and
 *   four hex digits) is one-to-one; no project's prefix starts another's.
 * - Valid at every microversion: `[A-Za-z0-9_ -]` is what Nova takes below 2.92.
 * - Short enough: a project id is at most 64 characters, so the prefix is at most 133
 *   and a user's name of up to `KEYPAIR_NAME_MAX` (120) fits Nova's 255.
 */
export const KEYPAIR_PREFIX_MARKER = 'vml-';

/** The prefix of the scope's key pair names in Nova. */
export function keypairPrefix(scope: CloudScope): string {
  return `${KEYPAIR_PREFIX_MARKER}${escapeProjectId(scope.projectId)} `;
}

/** The Nova name of the scope's key pair `name`. */
export function novaKeypairName(scope: CloudScope, name: string): string {
  return keypairPrefix(scope) + name;
}

/** The scope's own name for a Nova key pair name, or null when it is not the scope's. */
export function scopeKeypairName(scope: CloudScope, novaName: string): string | null {
  const prefix = keypairPrefix(scope);
  return novaName.startsWith(prefix) && novaName.length > prefix.length
    ? novaName.slice(prefix.length)
    : null;
}

function escapeProjectId(projectId: string): string {
  return projectId.replace(/[^A-Za-z0-9-]/g, (c) =>
    c === '_' ? '__' : c === '.' ? '_d' : `_u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
