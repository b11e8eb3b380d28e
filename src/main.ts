import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp, createAdapter } from './configure-app';
import { ConfigError } from './config/config-error';
import { AppConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  // `.env` is honoured; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    ...APP_OPTIONS,
    bufferLogs: true,
  });
  configureApp(app);
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is reported as one message naming every offending variable.
  const root = findConfigError(error);
  process.stderr.write(`${root ? root.message : 'Failed to start: ' + String(error)}\n`);
  process.exit(1);
});

function findConfigError(error: unknown): ConfigError | null {
  for (let e = error; e instanceof Error; e = e.cause) if (e instanceof ConfigError) return e;
  return null;
}
