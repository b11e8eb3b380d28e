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
      },
      autoLogging: { ignore: (req) => req.url === '/api/v1/health' || req.url === '/metrics' },
    },
    exclude: [],
  };
}
