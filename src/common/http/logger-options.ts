import type { Params } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';
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

/** The provider of the root logger, shared by nestjs-pino and the request log. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Structured JSON logs, at the configured level. Credentials never reach a log line: auth
 * headers and cookies are redacted, and request bodies are not logged at all.
 */
export function rootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  return pino(
    {
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
    destination,
  );
}

/** nestjs-pino on the root logger; its `Logger` is what Nest and the app log through. */
export function loggerOptions(root: Logger): Params {
  return {
    pinoHttp: { logger: root, serializers: SERIALIZERS },
    // No route goes through nestjs-pino's middleware: requests are logged from a Fastify
    // hook (request-log.ts, with requestLogOptions), on the same root logger.
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
