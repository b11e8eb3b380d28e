import { ERROR_STATUS, type ErrorCode, codesWithStatus } from '../errors/error-codes';
import { problemOf } from './problem-details';
import { DomainError } from '../errors/domain-error';

/** A representative `detail` for each code, as the API words it. */
const DETAILS: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is invalid.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  BAD_REQUEST: 'The request could not be understood.',
  UNAUTHENTICATED: 'A valid API key is required: send "Authorization: Bearer <key>".',
  FORBIDDEN: 'This API key is not allowed to do this.',
  SERVER_NOT_FOUND: 'Server 0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f was not found.',
  IMAGE_NOT_FOUND: 'Image 6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01 was not found.',
  FLAVOR_NOT_FOUND: 'Flavor 9 was not found.',
  KEYPAIR_NOT_FOUND: 'Key pair ops-key was not found.',
  INVALID_STATE_TRANSITION: 'Cannot start a server in status ACTIVE (no task in progress).',
  SERVER_LOCKED:
    'Server 0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f is locked: only an admin key may change it until it is unlocked.',
  PRECONDITION_FAILED:
    'If-Match does not match the current version of server 0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f.',
  PAYLOAD_TOO_LARGE: 'The request body exceeds 65536 bytes.',
  UNSUPPORTED_MEDIA_TYPE: 'Send request bodies as application/json.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was already used with a different request.',
  RATE_LIMITED: 'Too many requests for this API key; retry after the time Retry-After gives.',
  INTERNAL_ERROR: 'An unexpected error occurred. It has been logged.',
  UPSTREAM_ERROR: 'The OpenStack cloud failed to carry out the request.',
  UPSTREAM_UNAVAILABLE: 'The OpenStack cloud is not answering right now; retry later.',
  IMAGE_PROTECTED:
    'Image 6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01 is protected: it cannot be deleted until it is unprotected.',
};

/**
 * One example per code a response may carry, each a whole problem as the API sends it
 * (Swagger UI shows them in a drop-down), instead of one example shared by every status.
 */
export function problemExamples(status: number): Record<string, { value: object }> {
  const examples: Record<string, { value: object }> = {};
  for (const code of codesWithStatus(status)) {
    // A code listed under another status than its own is a body reference (422).
    const error = new DomainError(code, DETAILS[code] ?? `See the ${code} error code.`, {
      reference: ERROR_STATUS[code] !== status,
    });
    const problem = problemOf(error, '/api/v1/servers');
    if (code === 'VALIDATION_FAILED') {
      Object.assign(problem, { errors: [{ field: 'name', message: 'name must not be empty' }] });
    }
    examples[code] = { value: problem };
  }
  return examples;
}
