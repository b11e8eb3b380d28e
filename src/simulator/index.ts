/**
 * The simulator's public surface. Everything else in `src/simulator` is its own
 * business (lint enforces it): reach the simulated cloud through `SimulatedCloud`.
 */
export { SimulatorModule } from './simulator.module';
export {
  SimulatedCloud,
  type ImageRowsPage,
  type ImageRowsQuery,
  type ServerRowsQuery,
  type ServerUpdate,
} from './simulated-cloud';
export { SimulatorOptions } from './simulator-options';
export { MockFlavorEntity } from './entities/mock-flavor.entity';
export { MockImageEntity } from './entities/mock-image.entity';
export { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
export { MockServerEntity } from './entities/mock-server.entity';
export { novaStatus, showsFault, PowerState, TaskState, VmState } from './nova/nova-status';
export { SIMULATOR_ENTITIES } from './entities';
export {
  SEED_CREATED_AT,
  SEED_FLAVORS,
  SEED_IMAGES,
  type SeedFlavor,
  type SeedImage,
} from './seed/seed-catalog';
export { MockServerTagEntity } from './entities/mock-server-tag.entity';
export {
  checkMetadata,
  checkTag,
  checkTagList,
  invalidInput,
  MAX_METADATA_ITEMS,
} from './nova/server-edits';
export { pyRepr, pyStr } from './nova/python-text';
