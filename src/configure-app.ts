import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { RequestMethod } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { AppLogger } from './common/http/app-logger';
import { writeProblem } from './common/http/problem-details';
import { Errors } from './common/errors/errors';
import { BODY_LIMIT_BYTES } from './common/http/problem-details.filter';
import { requestIdFor } from './common/http/request-id';
import { registerRequestLog } from './common/http/request-log';
import { requestLogOptions, ROOT_LOGGER } from './common/http/logger-options';
import { registerSecurityHeaders } from './common/http/security-headers';
import { answerClientError, useJsonBodies } from './common/http/http-parsing';
import { setupSwagger } from './common/http/swagger';
import { authenticateOnArrival } from './auth/early-authentication';
import { ApiKeysService } from './auth/api-keys.service';
import { AppConfig } from './config/app-config';
import { registerOpenStackApi } from './openstack-api/register-openstack-api';
import { MetricsService } from './metrics/metrics.service';

/** The HTTP adapter, with the limits this API documents. Used by main.ts and tests alike. */
export function createAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    clientErrorHandler: answerClientError,
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    // Errors Fastify raises before routing (e.g. a malformed percent-encoding in the URL).
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header('x-request-id', request.id);
      writeProblem(
        reply,
        Errors.malformedUrl(),
        (request.raw.url ?? '').split('?')[0].slice(0, 512),
      );
    },
    // Query strings such as ?limit=1&limit=2 must not turn into arrays silently.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  useJsonBodies(adapter.getInstance());
  return adapter;
}

/**
 * Options for `NestFactory.create`/`createNestApplication`: Nest's own body parsers off
 * (they would accept form-encoded bodies); `createAdapter` installs the JSON one.
 */
export const APP_OPTIONS = { bodyParser: false } as const;

/**
 * Everything about the app that is not a provider: prefix, headers, metrics hook,
 * Swagger. main.ts and the e2e helper both call it, so tests run what production runs.
 */
export function configureApp(app: NestFastifyApplication): void {
  app.useLogger(new AppLogger(app.get(Logger)));
  app.setGlobalPrefix('api/v1', {
    exclude: ['metrics', 'docs', 'docs-json', { path: '/', method: RequestMethod.GET }],
  });
  app.enableShutdownHooks();

  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerRequestLog(fastify, app.get(ROOT_LOGGER, { strict: false }), requestLogOptions);
  authenticateOnArrival(fastify, app.get(ApiKeysService));
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  registerSecurityHeaders(app, app.get(AppConfig));
  setupSwagger(app);
  // Keystone/Nova/Glance-compatible routes on the same port (when enabled).
  registerOpenStackApi(app);
}
