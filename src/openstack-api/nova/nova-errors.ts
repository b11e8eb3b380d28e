import type { FastifyReply } from 'fastify';
import { CloudError } from '../../compute/cloud-errors';
import type { ErrorWriter } from '../http/fault-guard';

/** Nova's fault names by status (nova/api/openstack/wsgi.py); anything else is computeFault. */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** `{"<faultName>": {"code", "message"}}` with Nova's error content type. */
export const writeNovaError: ErrorWriter = (
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) =>
  reply
    .code(status)
    .headers(headers)
    .header('content-type', 'application/json; charset=UTF-8')
    .send(JSON.stringify({ [FAULT_NAMES[status] ?? 'computeFault']: { code: status, message } }));

/** An error a Nova handler answers with. */
export class NovaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_BY_KIND: Record<CloudError['kind'], number> = {
  not_found: 404,
  conflict: 409,
  bad_request: 400,
  unauthorized: 401,
  quota_exceeded: 403,
  rate_limited: 429,
  unavailable: 503,
  unsupported: 400,
};

/**
 * Writes a NovaError, or one of the simulator's CloudErrors with its own message (they
 * carry Nova's texts: "Instance <id> could not be found.", "Cannot 'start' instance …").
 * Anything else is rethrown to the service's error handler (a logged 500).
 */
export function answerNovaError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof NovaError) return writeNovaError(reply, error.status, error.message);
  if (error instanceof CloudError) {
    return writeNovaError(reply, STATUS_BY_KIND[error.kind], error.message);
  }
  throw error;
}
