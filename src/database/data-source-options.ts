import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from '../../migrations';

/**
 * The one TypeORM options object, used by the app and by the migration CLI.
 * Schema changes go through migrations only; `synchronize` stays off.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  const db = config.database;
  switch (db.type) {
    case 'sqlite':
      return {
        ...common,
        type: 'better-sqlite3',
        database: db.path,
        // WAL lets readers of other processes proceed during a write; the busy timeout
        // waits out another process's lock instead of failing with SQLITE_BUSY.
        prepareDatabase: (conn: { pragma(sql: string): unknown }) => {
          conn.pragma('journal_mode = WAL');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('foreign_keys = ON');
          conn.pragma('synchronous = NORMAL');
        },
      };
    case 'postgres':
      return { ...common, type: 'postgres', url: db.url, extra: { max: 10 } };
  }
}
