import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';

/**
 * Structured JSON logs. Credentials never reach a log line: auth headers and cookies
 * are redacted, and request bodies are not logged at all.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      // The request id is assigned by Fastify (see configure-app.ts) before this runs.
      genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-auth-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        // The status only: response headers carry tokens (X-Subject-Token) and noise.
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Probes and scrapes would drown the log. Behind Fastify's middleware layer the
      // path seen here may have lost its prefix, so match on the original URL.
      autoLogging: {
        ignore: (req) => {
          const url = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '';
          return /^\/api\/v1\/health(\/ready)?$|^\/metrics$/.test(url.split('?')[0]);
        },
      },
    },
    // Nest 11's path syntax for "every route" (the library's default, '*', logs a warning).
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}
