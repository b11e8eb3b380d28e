/**
 * The one error family every `OpenStackClient` throws. The service maps these to
 * its own domain errors, so responses look the same whichever client is bound.
 */
export abstract class CloudError extends Error {
  abstract readonly kind:
    | 'not_found'
    | 'conflict'
    | 'bad_request'
    | 'unauthorized'
    | 'quota_exceeded'
    | 'rate_limited'
    | 'unavailable'
    | 'unsupported';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class CloudNotFoundError extends CloudError {
  readonly kind = 'not_found' as const;
}

/** Nova's 409 "Cannot '<action>' instance ... while it is in ...". */
export class CloudConflictError extends CloudError {
  readonly kind = 'conflict' as const;
}

export class CloudBadRequestError extends CloudError {
  readonly kind = 'bad_request' as const;
}

export class CloudUnauthorizedError extends CloudError {
  readonly kind = 'unauthorized' as const;
}

export class CloudQuotaExceededError extends CloudError {
  readonly kind = 'quota_exceeded' as const;
}

export class CloudRateLimitedError extends CloudError {
  readonly kind = 'rate_limited' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Timeouts, connection failures, 5xx, an open circuit. */
export class CloudUnavailableError extends CloudError {
  readonly kind = 'unavailable' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * The cloud lacks what the call needs (server tags on a compute API older than
 * microversion 2.26, say). Raised by the client itself, so its message is the client's
 * own wording, fit to show.
 */
export class CloudUnsupportedError extends CloudError {
  readonly kind = 'unsupported' as const;
}
