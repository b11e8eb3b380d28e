import { ERROR_STATUS, REFERENCE_CODES, type ErrorCode } from '../errors/error-codes';
import { DomainError } from '../errors/domain-error';
import { Errors } from '../errors/errors';
import { problemOf } from './problem-details';

const SERVER = '0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f';
const IMAGE = '6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01';
const NETWORK = '8f0e6d2c-3b1a-4c5e-9d7f-2a4b6c8d0e01';

/** One representative error of each code, worded as the API words it. */
const SAMPLES: Record<ErrorCode, () => DomainError> = {
  VALIDATION_FAILED: () =>
    Errors.validation([{ field: 'name', message: 'name must be 1-255 characters' }]),
  MALFORMED_JSON: () => Errors.malformedJson(),
  BAD_REQUEST: () => Errors.malformedRequest(),
  UNAUTHENTICATED: () => Errors.unauthenticated(),
  FORBIDDEN: () => Errors.forbidden(),
  SERVER_NOT_FOUND: () => Errors.serverNotFound(SERVER),
  IMAGE_NOT_FOUND: () => Errors.imageNotFound(IMAGE),
  FLAVOR_NOT_FOUND: () => Errors.flavorNotFound('9'),
  API_KEY_NOT_FOUND: () => Errors.apiKeyNotFound('5d1c0f7e-8b2a-4c3d-9e4f-a1b2c3d4e5f6'),
  KEYPAIR_NOT_FOUND: () => Errors.keypairNotFound('ops-key'),
  OPENSTACK_API_DISABLED: () => Errors.openstackApiDisabled(),
  ROUTE_NOT_FOUND: () => Errors.routeNotFound('GET', '/api/v1/nowhere'),
  TAG_NOT_FOUND: () => Errors.tagNotFound(SERVER, 'web'),
  NETWORK_NOT_FOUND: () => Errors.networkNotFound(NETWORK),
  REQUEST_TIMEOUT: () => Errors.requestTimeout(),
  INVALID_STATE_TRANSITION: () => Errors.invalidTransition('start', 'ACTIVE', null),
  CONCURRENT_MODIFICATION: () => Errors.concurrentModification(SERVER),
  QUOTA_EXCEEDED: () =>
    Errors.quotaExceeded("The project's quota in the cloud does not allow this."),
  SERVER_LOCKED: () => Errors.serverLocked(SERVER),
  KEYPAIR_EXISTS: () => Errors.keypairExists('ops-key'),
  IDEMPOTENCY_KEY_IN_PROGRESS: () => Errors.idempotencyKeyInProgress(),
  FIXED_IP_IN_USE: () => Errors.fixedIpInUse('10.0.0.50'),
  PRECONDITION_FAILED: () => Errors.preconditionFailed(SERVER),
  PAYLOAD_TOO_LARGE: () => Errors.payloadTooLarge(65536),
  UNSUPPORTED_MEDIA_TYPE: () => Errors.unsupportedMediaType(),
  IDEMPOTENCY_KEY_REUSED: () => Errors.idempotencyKeyReused(),
  IMAGE_NOT_ACTIVE: () => reference('IMAGE_NOT_ACTIVE'),
  FLAVOR_TOO_SMALL: () => reference('FLAVOR_TOO_SMALL'),
  UPSTREAM_REJECTED: () => Errors.upstreamRejected('The server no longer exists in the cloud.'),
  RATE_LIMITED: () => Errors.rateLimited(12),
  HEADERS_TOO_LARGE: () => Errors.headersTooLarge(),
  FIXED_IP_NOT_ASSIGNABLE: () => reference('FIXED_IP_NOT_ASSIGNABLE'),
  NETWORK_AMBIGUOUS: () => reference('NETWORK_AMBIGUOUS'),
  INTERNAL_ERROR: () => new DomainError('INTERNAL_ERROR', 'An unexpected error occurred.'),
  UPSTREAM_ERROR: () => Errors.upstreamFailed(),
  UPSTREAM_UNAVAILABLE: () => Errors.upstreamUnavailable(),
  UPSTREAM_RATE_LIMITED: () => Errors.upstreamRateLimited(),
  IMAGE_PROTECTED: () => Errors.imageProtected(IMAGE),
};

/** How a body reference's failure reads (422, with the field it is about). */
const REFERENCES: Record<(typeof REFERENCE_CODES)[number], [string, string]> = {
  IMAGE_NOT_FOUND: ['imageId', `Image ${IMAGE} does not exist or is not visible to your project.`],
  IMAGE_NOT_ACTIVE: ['imageId', `Image ${IMAGE} is queued, not active.`],
  FLAVOR_NOT_FOUND: ['flavorId', 'Flavor 9 does not exist.'],
  FLAVOR_TOO_SMALL: [
    'flavorId',
    'Flavor m1.tiny (1 GB disk, 512 MB RAM) is smaller than image windows-server-2022 needs ' +
      '(40 GB disk, 4096 MB RAM).',
  ],
  KEYPAIR_NOT_FOUND: ['keyName', 'Key pair ops-key does not exist in your project.'],
  NETWORK_NOT_FOUND: [
    'networks[0].networkId',
    `Network ${NETWORK} does not exist or is not usable by your project.`,
  ],
  FIXED_IP_NOT_ASSIGNABLE: [
    'networks[0].fixedIp',
    'Fixed IP 10.0.1.5 cannot be given on network private: it is in none of its subnets ' +
      '(10.0.0.0/24, fd4e:5a1c:77b0::/64).',
  ],
  NETWORK_AMBIGUOUS: [
    'networks',
    'Your project may use several networks: name the ones to plug the server into.',
  ],
};

function reference(code: (typeof REFERENCE_CODES)[number]): DomainError {
  const [field, detail] = REFERENCES[code];
  return Errors.badReference(code, detail, field);
}

/**
 * One example per code a response may carry, each a whole problem as the API sends it
 * (Swagger UI shows them in a drop-down), instead of one example shared by every status.
 * A code listed under a status other than its own is a body reference (422).
 */
export function problemExamples(
  status: number,
  codes: readonly ErrorCode[],
): Record<string, { value: object }> {
  const examples: Record<string, { value: object }> = {};
  for (const code of codes) {
    const isReference = ERROR_STATUS[code] !== status;
    const error = isReference
      ? reference(code as (typeof REFERENCE_CODES)[number])
      : SAMPLES[code]();
    examples[code] = { value: problemOf(error, '/api/v1/servers') };
  }
  return examples;
}
