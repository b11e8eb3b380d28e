import { MockFlavorEntity } from './entities/mock-flavor.entity';
import { MockImageEntity } from './entities/mock-image.entity';
import { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
import { MockKeypairEntity } from './entities/mock-keypair.entity';
import { MockServerEntity } from './entities/mock-server.entity';

/** The simulator's tables, registered with TypeORM by the database module. */
export const SIMULATOR_ENTITIES = [
  MockFlavorEntity,
  MockImageEntity,
  MockServerEntity,
  MockInstanceActionEntity,
  MockKeypairEntity,
];
