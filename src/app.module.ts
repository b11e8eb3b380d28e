import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './common/clock/clock.module';
import { ProblemDetailsFilter } from './common/http/problem-details.filter';
import { createValidationPipe } from './common/http/validation.pipe';
import { UnitOfWorkModule } from './common/uow/uow.module';
import { ComputeModule } from './compute/compute.module';
import { OpenStackApiModule } from './openstack-api/openstack-api.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FlavorsModule } from './flavors/flavors.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { KeypairsModule } from './keypairs/keypairs.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RetentionModule } from './retention/retention.module';
import { ServersModule } from './servers/servers.module';
import { NetworksModule } from './networks/networks.module';
import { loggerOptions, ROOT_LOGGER, rootLogger } from './common/http/logger-options';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      providers: [{ provide: ROOT_LOGGER, inject: [AppConfig], useFactory: rootLogger }],
      inject: [ROOT_LOGGER],
      useFactory: loggerOptions,
    }),
    ClockModule,
    DatabaseModule,
    // The transactional plugin only: units of work open their own CLS context. forRoot would
    // also install a global guard and interceptor that do nothing unless mounted, yet put
    // every request through Nest's RxJS interceptor chain (ADR 0021).
    {
      ...ClsModule.registerPlugins([
        new ClsPluginTransactional({
          imports: [DatabaseModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ]),
      global: true,
    },
    UnitOfWorkModule,
    ComputeModule,
    MetricsModule,
    AuthModule,
    RateLimitModule,
    ServersModule,
    ImagesModule,
    FlavorsModule,
    KeypairsModule,
    NetworksModule,
    HealthModule,
    RetentionModule,
    OpenStackApiModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
