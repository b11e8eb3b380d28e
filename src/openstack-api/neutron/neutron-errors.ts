import type { FastifyReply } from 'fastify';
import type { ErrorWriter } from '../http/fault-guard';
import { sendJson } from '../http/send-json';

/** Neutron's generic error types by status (webob's exception names). */
const TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  429: 'HTTPTooManyRequests',
  500: 'HTTPInternalServerError',
  503: 'HTTPServiceUnavailable',
};

/** `{"NeutronError": {"type", "message", "detail": ""}}`, as Neutron answers errors. */
export function writeNeutronError(
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
  type = TYPES[status] ?? 'HTTPError',
): FastifyReply {
  return sendJson(reply.headers(headers), { NeutronError: { type, message, detail: '' } }, status);
}

/** The generic writer (faults, unknown routes, malformed requests). */
export const writeNeutronHttpError: ErrorWriter = (reply, status, message, headers) =>
  writeNeutronError(reply, status, message, headers);

/** An error a Neutron handler answers with, typed as Neutron types it (`NetworkNotFound`, ...). */
export class NeutronError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Neutron's 400 for a query value it cannot read. */
export const invalidInput = (why: string) =>
  new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${why}.`);
