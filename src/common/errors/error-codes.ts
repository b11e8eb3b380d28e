/**
 * Every `code` this API answers with, and its HTTP status: the one place either is
 * declared. `DomainError` takes a code from here; the problem+json filter and the
 * OpenAPI document read the status from here.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  SERVER_NOT_FOUND: 404,
  IMAGE_NOT_FOUND: 404,
  FLAVOR_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  KEYPAIR_NOT_FOUND: 404,
  OPENSTACK_API_DISABLED: 404,
  ROUTE_NOT_FOUND: 404,
  /** `DELETE /servers/{id}/tags/{tag}` of a tag the server does not have. */
  TAG_NOT_FOUND: 404,
  NETWORK_NOT_FOUND: 404,
  /** The client did not send its whole request in time (raised below the router). */
  REQUEST_TIMEOUT: 408,
  INVALID_STATE_TRANSITION: 409,
  CONCURRENT_MODIFICATION: 409,
  QUOTA_EXCEEDED: 409,
  SERVER_LOCKED: 409,
  /** The project already has a key pair of that name. */
  KEYPAIR_EXISTS: 409,
  /** Another request holding the same Idempotency-Key did not finish in time. */
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  /** A requested fixed IP is held by another port of its network. */
  FIXED_IP_IN_USE: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  IMAGE_NOT_ACTIVE: 422,
  FLAVOR_TOO_SMALL: 422,
  UPSTREAM_REJECTED: 422,
  /** This API key (or client address) sent more requests than its rate limit allows. */
  RATE_LIMITED: 429,
  /** The request line and headers are larger than the server takes (raised below the router). */
  HEADERS_TOO_LARGE: 431,
  /** A requested fixed IP that no subnet of its network can give. */
  FIXED_IP_NOT_ASSIGNABLE: 422,
  /** `networks: "auto"` (or the default) where the project may use several networks. */
  NETWORK_AMBIGUOUS: 422,
  INTERNAL_ERROR: 500,
  UPSTREAM_ERROR: 502,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_RATE_LIMITED: 503,
  /** `DELETE /images/{id}` of a protected image. */
  IMAGE_PROTECTED: 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A resource named in the request body rather than in the URL (the image of a create,
 * say) that is missing or unusable: the request is well-formed but cannot be carried
 * out, so 422 whatever the code's own status (a missing image in the URL is 404).
 */
export const REFERENCE_STATUS = 422;

/** The codes that can report a resource named in the request body. */
export const REFERENCE_CODES = [
  'IMAGE_NOT_FOUND',
  'IMAGE_NOT_ACTIVE',
  'FLAVOR_NOT_FOUND',
  'FLAVOR_TOO_SMALL',
  'KEYPAIR_NOT_FOUND',
  'NETWORK_NOT_FOUND',
  'FIXED_IP_NOT_ASSIGNABLE',
  'NETWORK_AMBIGUOUS',
] as const satisfies readonly ErrorCode[];
export type ReferenceCode = (typeof REFERENCE_CODES)[number];

/** The codes that can be answered with `status`, in declaration order (for OpenAPI). */
export function codesWithStatus(status: number): ErrorCode[] {
  const codes = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter(
    (code) => ERROR_STATUS[code] === status,
  );
  if (status !== REFERENCE_STATUS) return codes;
  return [...REFERENCE_CODES.filter((code) => !codes.includes(code)), ...codes];
}
