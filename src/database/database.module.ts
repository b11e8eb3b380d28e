import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Opens the database and brings its schema up to date with the migrations before serving. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (config.database.type === 'sqlite' && config.database.path !== ':memory:') {
          mkdirSync(dirname(config.database.path), { recursive: true });
        }
        return {
          ...dataSourceOptions(config),
          // An embedded file that cannot be opened will not open on a retry: fail at once.
          // A PostgreSQL server may still be starting: a few tries, 2 s apart.
          retryAttempts: config.database.type === 'sqlite' ? 0 : 5,
          retryDelay: 2000,
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        await dataSource.runMigrations({ transaction: 'each' });
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
