import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp, createAdapter } from './configure-app';
import { AppConfig } from './config/app-config';
import { loadOpenApiMetadata } from './common/http/swagger';
import { displayHost, startupFailure } from './startup-failure';

async function bootstrap(): Promise<void> {
  // `.env` is honoured; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    ...APP_OPTIONS,
    // Boot logs wait for the app's logger; a failed boot prints one line of ours instead
    // of Nest's stack traces (see startupFailure).
    bufferLogs: true,
    autoFlushLogs: false,
    abortOnError: false,
  });
  await loadOpenApiMetadata();
  configureApp(app);
  app.flushLogs();
  const config = app.get(AppConfig);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    throw error;
  }
  const url = `http://${displayHost(config.host)}:${config.port}`;
  app.get(Logger).log(`Listening on ${url} (Swagger UI at ${url}/docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${startupFailure(error)}\n`);
  process.exit(1);
});
