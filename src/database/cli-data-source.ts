import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { dataSourceOptions } from './data-source-options';

// `.env` is honoured as by the service itself; real environment variables win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

/** Data source for the TypeORM CLI (`npm run migration:run`). */
export default new DataSource(dataSourceOptions(loadConfig(process.env)));
