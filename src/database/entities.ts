import { ApiKeyEntity } from '../auth/api-key.entity';
import { MockFlavorEntity } from '../compute/mock/mock-flavor.entity';
import { MockImageEntity } from '../compute/mock/mock-image.entity';
import { MockInstanceActionEntity } from '../compute/mock/mock-instance-action.entity';
import { MockServerEntity } from '../compute/mock/mock-server.entity';
import { IdempotencyKeyEntity } from '../servers/idempotency-key.entity';
import { ServerActionEntity } from '../servers/server-action.entity';
import { ServerEntity } from '../servers/server.entity';

/**
 * Every entity. The simulator's tables exist in both client modes (they are cheap
 * and keep one schema), but only the simulator reads them.
 */
export const ENTITIES = [
  ServerEntity,
  ServerActionEntity,
  IdempotencyKeyEntity,
  ApiKeyEntity,
  MockFlavorEntity,
  MockImageEntity,
  MockServerEntity,
  MockInstanceActionEntity,
];
