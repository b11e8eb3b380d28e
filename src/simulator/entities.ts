import { MockFlavorEntity } from './entities/mock-flavor.entity';
import { MockImageEntity } from './entities/mock-image.entity';
import { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
import { MockServerEntity } from './entities/mock-server.entity';
import { MockServerTagEntity } from './entities/mock-server-tag.entity';

/** The simulator's tables, registered with TypeORM by the database module. */
export const SIMULATOR_ENTITIES = [
  MockFlavorEntity,
  MockImageEntity,
  MockServerEntity,
  MockInstanceActionEntity,
  MockServerTagEntity,
];
