import { Global, Module } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { SimulatedCloud, SimulatorModule } from '../simulator';
import { CloudCalls } from './cloud-calls';
import { instrumentClient } from './instrument-client';
import { createOpenStackClient } from './openstack-client.factory';
import { OpenStackClient } from './openstack-client';

/**
 * Owns the `OpenStackClient` port and binds it, from the validated config, to the
 * database-backed simulator or the real client. Nothing else imports an adapter.
 */
@Global()
@Module({
  imports: [SimulatorModule],
  providers: [
    {
      provide: OpenStackClient,
      inject: [AppConfig, SimulatedCloud, Clock, MetricsService],
      useFactory: async (
        config: AppConfig,
        simulator: SimulatedCloud,
        clock: Clock,
        metrics: MetricsService,
      ) =>
        instrumentClient(await createOpenStackClient(config, simulator, clock, metrics), metrics),
    },
    CloudCalls,
  ],
  exports: [OpenStackClient, CloudCalls],
})
export class ComputeModule {}
