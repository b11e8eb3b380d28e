import { Global, Module } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Clock } from '../common/clock/clock';
import { AppConfig } from '../config/app-config';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { MetricsService } from '../metrics/metrics.service';
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
  providers: [
    {
      provide: OpenStackClient,
      inject: [AppConfig, TransactionHost, Clock, MetricsService],
      useFactory: (
        config: AppConfig,
        txHost: TransactionHost<TransactionalAdapterTypeOrm>,
        clock: Clock,
        metrics: MetricsService,
      ) => instrumentClient(createOpenStackClient(config, txHost, clock, metrics), metrics),
    },
    CloudCalls,
  ],
  exports: [OpenStackClient, CloudCalls],
})
export class ComputeModule {}
