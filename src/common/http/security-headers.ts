import cors from '@fastify/cors';
import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/app-config';

/** Swagger UI's own files: static, public, and safe to cache. */
const SWAGGER_ASSET = /^\/docs\/[^?]+\.(?:js|css|png|html|map)(?:\?|$)/;

/**
 * Security headers on every response (helmet: `nosniff`, frame denial, a CSP strict
 * enough for an API and loose enough for Swagger UI's own styles and icons),
 * `Cache-Control: no-store` on everything but Swagger UI's files (answers carry tokens,
 * keys and tenants' data), and CORS for the configured origins only.
 */
export function registerSecurityHeaders(app: NestFastifyApplication, config: AppConfig): void {
  // helmet itself, configured once: its Fastify wrapper builds the middleware (and parses the
  // CSP) again on every request, about a tenth of the CPU of a small read.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI styles some elements inline and draws icons from data: URLs.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // The service is often reached over plain HTTP inside a network: no HSTS from here;
    // the TLS-terminating proxy in front of it decides.
    strictTransportSecurity: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
  if (config.corsOrigins.length > 0) {
    void app.register(cors, {
      origin: [...config.corsOrigins],
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
      exposedHeaders: [
        'ETag',
        'Location',
        'Retry-After',
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
      ],
      maxAge: 600,
    });
  }
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control') && !SWAGGER_ASSET.test(request.url)) {
      void reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
