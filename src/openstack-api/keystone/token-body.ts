import type { ApiKeyRole } from '../../auth/api-key.entity';
import { keystoneFormat } from '../http/openstack-time';
import { keystoneId, serviceCatalog } from './catalog';
import type { TokenClaims } from './token-codec';

const DEFAULT_DOMAIN = { id: 'default', name: 'Default' };

const ROLES: Record<ApiKeyRole, string[]> = {
  member: ['member', 'reader'],
  admin: ['admin', 'member', 'reader'],
};

/** The Keystone user of a project: each project has one simulated user. */
export function userIdOf(projectId: string): string {
  return keystoneId(`user:${projectId}`);
}

/** Keystone's token body (`{"token": {...}}`), project-scoped; the catalog unless `noCatalog`. */
export function tokenBody(claims: TokenClaims, baseUrl: string | null) {
  return {
    token: {
      methods: claims.methods,
      user: {
        domain: DEFAULT_DOMAIN,
        id: userIdOf(claims.projectId),
        name: claims.userName,
        password_expires_at: null,
      },
      audit_ids: [claims.auditId],
      expires_at: keystoneFormat(claims.expiresAt),
      issued_at: keystoneFormat(claims.issuedAt),
      project: { domain: DEFAULT_DOMAIN, id: claims.projectId, name: claims.projectId },
      is_domain: false,
      roles: ROLES[claims.role].map((name) => ({ id: keystoneId(`role:${name}`), name })),
      ...(claims.methods.includes('application_credential')
        ? {
            application_credential: {
              id: keystoneId(`appcred:${claims.keyId}`),
              name: claims.userName,
              restricted: true,
            },
          }
        : {}),
      ...(baseUrl === null ? {} : { catalog: serviceCatalog(baseUrl) }),
    },
  };
}
