import { MockFlavorEntity } from './entities/mock-flavor.entity';
import { MockImageEntity } from './entities/mock-image.entity';
import { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
import { MockKeypairEntity } from './entities/mock-keypair.entity';
import { MockServerEntity } from './entities/mock-server.entity';
import { MockNetworkEntity } from './entities/mock-network.entity';
import { MockSubnetEntity } from './entities/mock-subnet.entity';
import { MockPortEntity } from './entities/mock-port.entity';
import { MockFixedIpEntity } from './entities/mock-fixed-ip.entity';
import { MockServerTagEntity } from './entities/mock-server-tag.entity';
import { MockServerGroupEntity } from './entities/mock-server-group.entity';
import { MockServerGroupMemberEntity } from './entities/mock-server-group-member.entity';
import {
  MockMetadefNamespaceEntity,
  MockMetadefObjectEntity,
  MockMetadefPropertyEntity,
  MockMetadefResourceTypeAssociationEntity,
  MockMetadefResourceTypeEntity,
  MockMetadefTagEntity,
} from './entities/mock-metadef.entities';
import { MockImageTaskEntity } from './entities/mock-image-task.entity';

/** The simulator's tables, registered with TypeORM by the database module. */
export const SIMULATOR_ENTITIES = [
  MockFlavorEntity,
  MockImageEntity,
  MockServerEntity,
  MockInstanceActionEntity,
  MockKeypairEntity,
  MockNetworkEntity,
  MockSubnetEntity,
  MockPortEntity,
  MockFixedIpEntity,
  MockServerTagEntity,
  MockServerGroupEntity,
  MockServerGroupMemberEntity,
  MockMetadefNamespaceEntity,
  MockMetadefObjectEntity,
  MockMetadefPropertyEntity,
  MockMetadefTagEntity,
  MockMetadefResourceTypeEntity,
  MockMetadefResourceTypeAssociationEntity,
  MockImageTaskEntity,
];
