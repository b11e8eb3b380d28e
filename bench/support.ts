import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module';
import { APP_OPTIONS, configureApp, createAdapter } from '../src/configure-app';

export interface Booted {
  app: NestFastifyApplication;
  url: string;
  json<T = unknown>(path: string): Promise<T>;
  post(path: string, body: unknown): Promise<void>;
  /** Mints an admin API key (stored in api_keys) and answers its secret. */
  mintKey(): Promise<string>;
  /** A cursor pointing `offset` servers into the newest-first list. */
  deepCursor(offset: number): Promise<string>;
  close(): Promise<void>;
}

/** Boots the app as main.ts does (same module, same configureApp), on a temp SQLite file. */
export async function boot(databasePath: string, adminKey: string): Promise<Booted> {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_PATH: databasePath,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'silent',
    RECONCILE_INTERVAL_MS: '0',
    // The bench drives one key far past any sane per-key limit on purpose.
    RATE_LIMIT_REQUESTS: '0',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    ...APP_OPTIONS,
    logger: false,
  });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const json = async <T>(path: string): Promise<T> => {
    const res = await fetch(url + path, { headers });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return (await res.json()) as T;
  };
  return {
    app,
    url,
    json,
    async post(path, body) {
      const res = await fetch(url + path, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`POST ${path}: ${res.status}`);
    },
    async mintKey() {
      const res = await fetch(url + '/api/v1/admin/api-keys', {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'bench', projectId: 'bench', role: 'admin' }),
      });
      if (res.status !== 201) throw new Error(`minting a key: ${res.status}`);
      return ((await res.json()) as { key: string }).key;
    },
    async deepCursor(offset) {
      let cursor = '';
      for (let skipped = 0; skipped < offset; skipped += 200) {
        const page = await json<{ nextCursor: string }>(
          `/api/v1/servers?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        );
        cursor = page.nextCursor;
      }
      return cursor;
    },
    close: () => app.close(),
  };
}
