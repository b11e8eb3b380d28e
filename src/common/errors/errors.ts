import { DomainError, type FieldError } from './domain-error';

/** Constructors for the errors this API documents, so codes are spelled once. */
export const Errors = {
  validation: (errors: FieldError[], detail = 'The request is invalid.') =>
    new DomainError('validation', 'VALIDATION_FAILED', detail, { errors }),
  malformedJson: () =>
    new DomainError('validation', 'MALFORMED_JSON', 'The request body is not valid JSON.'),
  unauthenticated: () =>
    new DomainError(
      'unauthenticated',
      'UNAUTHENTICATED',
      'A valid API key is required: send "Authorization: Bearer <key>".',
    ),
  forbidden: () =>
    new DomainError('forbidden', 'FORBIDDEN', 'This API key is not allowed to do this.'),
  serverNotFound: (id: string) =>
    new DomainError('not_found', 'SERVER_NOT_FOUND', `Server ${id} was not found.`),
  imageNotFound: (id: string) =>
    new DomainError('not_found', 'IMAGE_NOT_FOUND', `Image ${id} was not found.`),
  flavorNotFound: (id: string) =>
    new DomainError('not_found', 'FLAVOR_NOT_FOUND', `Flavor ${id} was not found.`),
  apiKeyNotFound: (id: string) =>
    new DomainError('not_found', 'API_KEY_NOT_FOUND', `API key ${id} was not found.`),
  openstackApiDisabled: () =>
    new DomainError(
      'not_found',
      'OPENSTACK_API_DISABLED',
      'The OpenStack-compatible API is not served: it needs USE_MOCK_OPENSTACK=true and OPENSTACK_API_ENABLED=true.',
    ),
  routeNotFound: (method: string, path: string) =>
    new DomainError('not_found', 'ROUTE_NOT_FOUND', `No route matches ${method} ${path}.`),
  invalidTransition: (action: string, status: string, taskState: string | null) =>
    new DomainError(
      'conflict',
      'INVALID_STATE_TRANSITION',
      `Cannot ${action} a server in status ${status}` +
        (taskState ? ` with task state ${taskState}.` : ' (no task in progress).'),
    ),
  concurrentModification: (id: string) =>
    new DomainError(
      'conflict',
      'CONCURRENT_MODIFICATION',
      `Server ${id} was changed by another request; read it again and retry.`,
    ),
  preconditionFailed: (id: string) =>
    new DomainError(
      'precondition_failed',
      'PRECONDITION_FAILED',
      `If-Match does not match the current version of server ${id}.`,
    ),
  payloadTooLarge: (limit: number) =>
    new DomainError(
      'payload_too_large',
      'PAYLOAD_TOO_LARGE',
      `The request body exceeds ${limit} bytes.`,
    ),
  idempotencyKeyReused: () =>
    new DomainError(
      'unprocessable',
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request.',
    ),
  badReference: (
    code: 'IMAGE_NOT_FOUND' | 'IMAGE_NOT_ACTIVE' | 'FLAVOR_NOT_FOUND' | 'FLAVOR_TOO_SMALL',
    detail: string,
    field: string,
  ) => new DomainError('unprocessable', code, detail, { errors: [{ field, message: detail }] }),
  upstreamUnavailable: (retryAfterSeconds?: number) =>
    new DomainError(
      'upstream_unavailable',
      'UPSTREAM_UNAVAILABLE',
      'The OpenStack cloud is not answering right now; retry later.',
      { retryAfterSeconds },
    ),
  upstreamRateLimited: (retryAfterSeconds?: number) =>
    new DomainError(
      'rate_limited',
      'UPSTREAM_RATE_LIMITED',
      'The OpenStack cloud is throttling requests; retry later.',
      { retryAfterSeconds },
    ),
  upstreamRejected: (detail: string) =>
    new DomainError('unprocessable', 'UPSTREAM_REJECTED', detail),
  quotaExceeded: (detail: string) => new DomainError('conflict', 'QUOTA_EXCEEDED', detail),
  upstreamFailed: () =>
    new DomainError(
      'upstream_failed',
      'UPSTREAM_ERROR',
      'The OpenStack cloud failed to carry out the request.',
    ),
} as const;
