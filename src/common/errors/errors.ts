import { DomainError, type FieldError } from './domain-error';
import type { ReferenceCode } from './error-codes';

/** Constructors for the errors this API answers with, each with its wording. */
export const Errors = {
  validation: (errors: FieldError[], detail = 'The request is invalid.') =>
    new DomainError('VALIDATION_FAILED', detail, { errors }),
  malformedJson: () => new DomainError('MALFORMED_JSON', 'The request body is not valid JSON.'),
  unauthenticated: () =>
    new DomainError(
      'UNAUTHENTICATED',
      'A valid API key is required: send "Authorization: Bearer <key>".',
    ),
  forbidden: () => new DomainError('FORBIDDEN', 'This API key is not allowed to do this.'),
  serverNotFound: (id: string) =>
    new DomainError('SERVER_NOT_FOUND', `Server ${id} was not found.`),
  imageNotFound: (id: string) => new DomainError('IMAGE_NOT_FOUND', `Image ${id} was not found.`),
  flavorNotFound: (id: string) =>
    new DomainError('FLAVOR_NOT_FOUND', `Flavor ${id} was not found.`),
  keypairNotFound: (name: string) =>
    new DomainError('KEYPAIR_NOT_FOUND', `Key pair ${name} was not found.`),
  keypairExists: (name: string) =>
    new DomainError('KEYPAIR_EXISTS', `Your project already has a key pair named ${name}.`),
  networkNotFound: (id: string) =>
    new DomainError('NETWORK_NOT_FOUND', `Network ${id} was not found.`),
  fixedIpInUse: (address: string) =>
    new DomainError(
      'FIXED_IP_IN_USE',
      `Fixed IP ${address} is already in use on its network; ask for another address or none.`,
      { errors: [{ field: 'networks', message: `${address} is already in use` }] },
    ),
  apiKeyNotFound: (id: string) =>
    new DomainError('API_KEY_NOT_FOUND', `API key ${id} was not found.`),
  openstackApiDisabled: () =>
    new DomainError(
      'OPENSTACK_API_DISABLED',
      'The OpenStack-compatible API is not served: it needs USE_MOCK_OPENSTACK=true and OPENSTACK_API_ENABLED=true.',
    ),
  tagNotFound: (id: string, tag: string) =>
    new DomainError('TAG_NOT_FOUND', `Server ${id} has no tag ${JSON.stringify(tag)}.`),
  routeNotFound: (method: string, path: string) =>
    new DomainError('ROUTE_NOT_FOUND', `No route matches ${method} ${path}.`),
  invalidTransition: (action: string, status: string, taskState: string | null) =>
    new DomainError(
      'INVALID_STATE_TRANSITION',
      `Cannot ${action} a server in status ${status}` +
        (taskState ? ` with task state ${taskState}.` : ' (no task in progress).'),
    ),
  serverLocked: (id: string) =>
    new DomainError(
      'SERVER_LOCKED',
      `Server ${id} is locked: only an admin key may change it until it is unlocked.`,
    ),
  concurrentModification: (id: string) =>
    new DomainError(
      'CONCURRENT_MODIFICATION',
      `Server ${id} was changed by another request; read it again and retry.`,
    ),
  preconditionFailed: (id: string) =>
    new DomainError(
      'PRECONDITION_FAILED',
      `If-Match does not match the current version of server ${id}.`,
    ),
  payloadTooLarge: (limit: number) =>
    new DomainError('PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes.`),
  idempotencyKeyReused: () =>
    new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request.',
    ),
  badReference: (code: ReferenceCode, detail: string, field: string) =>
    new DomainError(code, detail, { errors: [{ field, message: detail }], reference: true }),
  upstreamUnavailable: (retryAfterSeconds?: number) =>
    new DomainError(
      'UPSTREAM_UNAVAILABLE',
      'The OpenStack cloud is not answering right now; retry later.',
      { retryAfterSeconds },
    ),
  upstreamRateLimited: (retryAfterSeconds?: number) =>
    new DomainError(
      'UPSTREAM_RATE_LIMITED',
      'The OpenStack cloud is throttling requests; retry later.',
      { retryAfterSeconds },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new DomainError(
      'RATE_LIMITED',
      'Too many requests for this API key; retry after the time Retry-After gives.',
      { retryAfterSeconds },
    ),
  upstreamRejected: (detail: string) => new DomainError('UPSTREAM_REJECTED', detail),
  quotaExceeded: (detail: string) => new DomainError('QUOTA_EXCEEDED', detail),
  requestTimeout: () => new DomainError('REQUEST_TIMEOUT', 'The request was not received in time.'),
  headersTooLarge: () =>
    new DomainError(
      'HEADERS_TOO_LARGE',
      'The request line and headers are too large (URL, cookies or other headers).',
    ),
  malformedRequest: () =>
    new DomainError('BAD_REQUEST', 'The request is not valid HTTP (request line or headers).'),
  malformedUrl: () => new DomainError('BAD_REQUEST', 'The request URL is malformed or too long.'),
  badRequest: () => new DomainError('BAD_REQUEST', 'The request could not be understood.'),
  unsupportedMediaType: () =>
    new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send request bodies as application/json.'),
  idempotencyKeyInProgress: () =>
    new DomainError(
      'IDEMPOTENCY_KEY_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    ),
  cloudRefusedTransition: () =>
    new DomainError(
      'INVALID_STATE_TRANSITION',
      "The cloud refused the action in the server's current state.",
    ),
  upstreamFailed: () =>
    new DomainError('UPSTREAM_ERROR', 'The OpenStack cloud failed to carry out the request.'),
  imageProtected: (id: string) =>
    new DomainError(
      'IMAGE_PROTECTED',
      `Image ${id} is protected: it cannot be deleted until it is unprotected.`,
    ),
  imageNotQueued: (id: string, status: string) =>
    new DomainError(
      'INVALID_STATE_TRANSITION',
      `Image ${id} is ${status}: data can be uploaded to a queued image only, once.`,
    ),
  imageTooLarge: (limit: number) =>
    new DomainError(
      'PAYLOAD_TOO_LARGE',
      `The image data exceeds ${limit} bytes (IMAGE_UPLOAD_MAX_BYTES).`,
    ),
  octetStreamRequired: () =>
    new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the image data as application/octet-stream.'),
  uploadCutOff: () =>
    new DomainError('BAD_REQUEST', 'The image data ended before the request did.'),
} as const;
