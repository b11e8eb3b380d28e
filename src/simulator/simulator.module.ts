import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { SimulatorPurge } from './retention/simulator-purge';
import { SimulatedCloud } from './simulated-cloud';
import { SimulatorOptions } from './simulator-options';

/**
 * The simulated Nova/Glance cloud (the `mock_*` tables). One `SimulatedCloud` per app:
 * the `MockOpenStackClient` adapter and the OpenStack-compatible API share it.
 * Constructing it touches nothing; only calls do.
 */
@Module({
  providers: [
    {
      provide: SimulatorOptions,
      inject: [AppConfig, UnitOfWork],
      useFactory: (config: AppConfig, uow: UnitOfWork) =>
        new SimulatorOptions(config.mockLatencyMs, (fn) => uow.transaction(fn)),
    },
    SimulatedCloud,
    SimulatorPurge,
  ],
  exports: [SimulatedCloud, SimulatorPurge],
})
export class SimulatorModule {}
