/**
 * The simulator's public surface. Everything else in `src/simulator` is its own
 * business (lint enforces it): reach the simulated cloud through `SimulatedCloud`.
 */
export { SimulatorModule } from './simulator.module';
export {
  SimulatedCloud,
  type ImageRowsPage,
  type ImageRowsQuery,
  type KeypairImport,
  type ServerRowsQuery,
} from './simulated-cloud';
export { SimulatorOptions } from './simulator-options';
export { SimulatorPurge } from './retention/simulator-purge';
export { MockFlavorEntity } from './entities/mock-flavor.entity';
export { MockImageEntity } from './entities/mock-image.entity';
export { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
export { MockKeypairEntity } from './entities/mock-keypair.entity';
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
export { checkKeypairName } from './nova/keypair-rules';
