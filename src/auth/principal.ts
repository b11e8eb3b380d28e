import type { ApiKeyRole } from './api-key.entity';

/** Who is calling: the project and role of the API key on the request. */
export interface Principal {
  keyId: string;
  projectId: string;
  role: ApiKeyRole;
}

export const BOOTSTRAP_KEY_ID = 'bootstrap';
export const ADMIN_PROJECT_ID = 'admin';
