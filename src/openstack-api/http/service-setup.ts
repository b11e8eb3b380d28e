import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { OpenStackService } from '../faults/openstack-faults';
import type { OpenStackApiContext } from '../openstack-api-context';
import type { ErrorWriter } from './fault-guard';
import { type BodyRules, MalformedBodyError, useLenientJson } from './lenient-json';
import { loggableError } from '../../common/errors/loggable-error';

export interface ServiceSetup {
  service: OpenStackService;
  write: ErrorWriter;
  /** Response headers that carry the request id (`req-<uuid>`), as the service names them. */
  requestIdHeaders: readonly string[];
  /** How the service reads request bodies (default: as Nova does). */
  bodies?: BodyRules;
}

const logger = new Logger('OpenStackApi');

/**
 * What every service of the façade does, inside its own plugin: lenient JSON bodies,
 * request ids, injected latency, and errors and unknown routes in the service's format
 * (never the REST API's problem+json).
 */
export function setUpService(
  instance: FastifyInstance,
  ctx: OpenStackApiContext,
  setup: ServiceSetup,
): void {
  useLenientJson(instance, setup.bodies ?? 'nova');
  instance.addHook('onRequest', async (_request, reply) => {
    if (setup.requestIdHeaders.length > 0) {
      const id = `req-${randomUUID()}`;
      for (const header of setup.requestIdHeaders) void reply.header(header, id);
    }
    const delay = ctx.faults.latencyMs(setup.service);
    if (delay > 0) await sleep(delay);
  });
  instance.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        error instanceof MalformedBodyError
          ? error.message
          : status === 400
            ? 'Malformed request body'
            : error.message;
      return setup.write(reply, status, message);
    }
    logger.error(
      { err: loggableError(error), requestId: request.id, route: request.routeOptions.url },
      'OpenStack API error',
    );
    return setup.write(reply, 500, 'Unexpected API Error.');
  });
  instance.setNotFoundHandler((_request, reply) =>
    setup.write(reply, 404, 'The resource could not be found.'),
  );
}
