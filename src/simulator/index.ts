/**
 * The simulator's public surface. Everything else in `src/simulator` is its own
 * business (lint enforces it): reach the simulated cloud through `SimulatedCloud`.
 */
export { SimulatorModule } from './simulator.module';
export {
  SimulatedCloud,
  type ImageRowsPage,
  type ImageRowsQuery,
  type ImageWriteOutcome,
  type KeypairImport,
  type PortRow,
  type ServerRowsQuery,
  type ServerUpdate,
} from './simulated-cloud';
export type { PortAddress } from './neutron/network-ports';
export { SimulatorOptions, type UnitRunner } from './simulator-options';
export { SimulatorPurge } from './retention/simulator-purge';
export { MockFlavorEntity } from './entities/mock-flavor.entity';
export { MockImageEntity } from './entities/mock-image.entity';
export { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
export { MockKeypairEntity } from './entities/mock-keypair.entity';
export { MockServerEntity } from './entities/mock-server.entity';
export { MockNetworkEntity } from './entities/mock-network.entity';
export { MockSubnetEntity } from './entities/mock-subnet.entity';
export { MockPortEntity } from './entities/mock-port.entity';
export { MockFixedIpEntity } from './entities/mock-fixed-ip.entity';
export { novaStatus, showsFault, PowerState, TaskState, VmState } from './nova/nova-status';
export { SIMULATOR_ENTITIES } from './entities';
export {
  SEED_CREATED_AT,
  SEED_FLAVORS,
  SEED_IMAGES,
  SEED_NETWORK_PROJECT,
  SEED_NETWORKS,
  type SeedFlavor,
  type SeedImage,
  type SeedNetwork,
  type SeedSubnet,
} from './seed/seed-catalog';
export { checkKeypairName } from './nova/keypair-rules';
export { MockServerTagEntity } from './entities/mock-server-tag.entity';
export { MockImageTaskEntity } from './entities/mock-image-task.entity';
export {
  IMAGE_STORE,
  IMPORT_METHODS,
  MAX_IMAGE_TAGS,
  SimulatedGlance,
  type ImageChanges,
  type ImageData,
  type ImportRequest,
  type NewImage,
  type UploadTarget,
} from './glance/simulated-glance';
export { CHUNK_BYTES } from './glance/image-data-store';
export { shownData, type ShownData } from './glance/image-rules';
export {
  checkMetadata,
  checkTag,
  checkTagList,
  invalidInput,
  MAX_METADATA_ITEMS,
} from './nova/server-edits';
export { pyRepr, pyStr } from './nova/python-text';
export { MockServerGroupEntity } from './entities/mock-server-group.entity';
export { MockServerGroupMemberEntity } from './entities/mock-server-group-member.entity';
export {
  neverScheduled,
  SERVER_GROUP_POLICIES,
  type ServerGroupCreate,
  type ServerGroupPolicy,
  type ServerGroupRow,
} from './nova/server-groups';
export { SEED_METADEF_RESOURCE_TYPES } from './seed/seed-metadefs';
export {
  MockMetadefNamespaceEntity,
  MockMetadefObjectEntity,
  MockMetadefPropertyEntity,
  MockMetadefResourceTypeEntity,
  MockMetadefTagEntity,
} from './entities/mock-metadef.entities';
export {
  canSeeNamespace,
  type MetadefAssociation,
  type MetadefNamespaceContents,
  type MetadefNamespaceFields,
  type MetadefObjectFields,
  type MetadefPropertyFields,
} from './glance/metadefs';
