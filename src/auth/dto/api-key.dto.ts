import type { ApiKeyRole } from '../api-key.entity';

/** An API key, without its secret. */
export class ApiKeyDto {
  /** @example "3f0c9a57-8d0b-4c8e-9d1e-2b7f3c1a9e10" */
  id!: string;
  /** @example "team-blue" */
  projectId!: string;
  /** @example "member" */
  role!: ApiKeyRole;
  /** @example "ci pipeline" */
  name!: string;
  /** @example "2026-11-26T10:00:00.000Z" */
  createdAt!: string;
}
