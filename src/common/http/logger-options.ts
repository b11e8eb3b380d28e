import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config';

/**
 * A request as its id, method and URL, and a response as its status: no headers (they
 * carry keys, tokens, cookies and, in responses, X-Subject-Token), no bodies.
 */
const SERIALIZERS = {
  req: (req: { id: string; method: string; url: string }) => ({
    id: req.id,
    method: req.method,
    url: req.url,
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/**
 * Structured JSON logs. Credentials never reach a log line: auth headers and cookies
 * are redacted, and request bodies are not logged at all.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-auth-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      serializers: SERIALIZERS,
    },
    // No route goes through nestjs-pino's middleware: requests are logged from a Fastify
    // hook (request-log.ts, with requestLogOptions), on the logger this module makes.
    forRoutes: [],
  };
}

/** What the request log adds to the root logger's options: which requests it leaves out. */
export const requestLogOptions: Options = {
  // Again: pino-http puts its own serializers (every header) on the child it makes.
  serializers: SERIALIZERS,
  // Probes and scrapes would drown the log.
  autoLogging: {
    ignore: (req) =>
      /^\/api\/v1\/health(\/ready)?$|^\/metrics$/.test((req.url ?? '').split('?')[0]),
  },
};
