import type { FastifyReply } from 'fastify';
import type { DomainError, FieldError } from '../errors/domain-error';
import type { ErrorCode } from '../errors/error-codes';

/** RFC 9457 problem details, with this API's `code` and field `errors`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  errors?: FieldError[];
}

export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** Where the error codes are documented (also the base of each problem `type`). */
export const PROBLEM_TYPE_BASE = 'https://vm-lifecycle.dev/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The problem details of a domain error, or of an unexpected error for null. */
export function problemOf(error: DomainError | null, instance: string): ProblemDetails {
  const status = error ? error.status : 500;
  const code = error?.code ?? 'INTERNAL_ERROR';
  return {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: TITLES[status] ?? 'Error',
    status,
    detail: error?.message ?? 'An unexpected error occurred. It has been logged.',
    instance,
    code,
    ...(error?.extras.errors ? { errors: error.extras.errors } : {}),
  };
}

/**
 * Answers with the problem+json of a domain error, or, for null, of an unexpected error
 * (a bare 500 that reveals nothing of the cause). `instance` is the request path.
 */
export function writeProblem(
  reply: FastifyReply,
  error: DomainError | null,
  instance: string,
): void {
  const body = problemOf(error, instance);
  const status = body.status;
  const retryAfter = error?.extras.retryAfterSeconds;
  if (retryAfter !== undefined) {
    void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  }
  if (status === 401) void reply.header('www-authenticate', 'Bearer realm="vm-lifecycle"');
  void reply.status(status).header('content-type', PROBLEM_JSON).send(JSON.stringify(body));
}
