import type { FastifyReply } from 'fastify';
import type { ErrorWriter } from '../http/fault-guard';
import { sendJson } from '../http/send-json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Keystone's error body: `{"error": {"code", "title", "message"}}`, also keystonemiddleware's. */
export const writeKeystoneError: ErrorWriter = (
  reply: FastifyReply,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) =>
  sendJson(
    reply.headers(headers).header('vary', 'X-Auth-Token'),
    { error: { code: status, message, title: TITLES[status] ?? 'Error' } },
    status,
  );
