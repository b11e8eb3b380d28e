import { ApiKeyEntity } from '../auth/api-key.entity';
import { IdempotencyKeyEntity } from '../servers/idempotency-key.entity';
import { ServerActionEntity } from '../servers/server-action.entity';
import { ServerEntity } from '../servers/server.entity';
import { ServerTagEntity } from '../servers/server-tag.entity';
import { ReconcileMarkEntity } from '../servers/reconcile-mark.entity';
import { SIMULATOR_ENTITIES } from '../simulator';

/**
 * Every entity. The simulator's tables exist in both client modes (they are cheap
 * and keep one schema), but only the simulator reads them.
 */
export const ENTITIES = [
  ServerEntity,
  ServerActionEntity,
  IdempotencyKeyEntity,
  ApiKeyEntity,
  ...SIMULATOR_ENTITIES,
  ServerTagEntity,
  ReconcileMarkEntity,
];
