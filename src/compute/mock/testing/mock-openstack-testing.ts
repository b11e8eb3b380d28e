import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { Clock } from '../../../common/clock/clock';
import { ManualClock } from '../../../common/clock/manual-clock';
import { dataSourceOptions } from '../../../database/data-source-options';
import { MockOpenStackClient } from '../mock-openstack-client';
import { SimulatedCloud, SimulatorOptions } from '../../../simulator';

/** A simulator on its own migrated in-memory SQLite database, driven by a manual clock. */
export interface MockOpenStackTesting {
  client: MockOpenStackClient;
  /** The simulated cloud the client adapts. */
  cloud: SimulatedCloud;
  clock: ManualClock;
  txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * Builds the simulator the way the app wires it (TypeORM + nestjs-cls transactional
 * plugin), minus everything else. For specs only: excluded from the build.
 */
export async function createMockOpenStackTesting(latencyMs = 0): Promise<MockOpenStackTesting> {
  const clock = new ManualClock();
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRootAsync({
        useFactory: () => dataSourceOptions({ database: { type: 'sqlite', path: ':memory:' } }),
        dataSourceFactory: async (options) => {
          const dataSource = await new DataSource(options!).initialize();
          await dataSource.runMigrations();
          return dataSource;
        },
      }),
      ClsModule.forRoot({
        global: true,
        plugins: [
          new ClsPluginTransactional({
            imports: [TypeOrmModule],
            adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
          }),
        ],
      }),
    ],
    providers: [
      SimulatedCloud,
      { provide: Clock, useValue: clock },
      { provide: SimulatorOptions, useValue: new SimulatorOptions(latencyMs) },
    ],
  }).compile();
  await moduleRef.init();
  const cloud = moduleRef.get(SimulatedCloud);
  return {
    client: new MockOpenStackClient(cloud),
    cloud,
    clock,
    txHost: moduleRef.get<TransactionHost<TransactionalAdapterTypeOrm>>(TransactionHost),
    dataSource: moduleRef.get(DataSource),
    close: () => moduleRef.close(),
  };
}
