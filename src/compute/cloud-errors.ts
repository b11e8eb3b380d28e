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

/**
 * `auto` (or no networks) where the project may use several networks (Nova: 409
 * "Multiple possible networks found, use a Network ID to be more specific.").
 */
export class CloudNetworkAmbiguousError extends CloudConflictError {}

export class CloudBadRequestError extends CloudError {
  readonly kind = 'bad_request' as const;
}

/**
 * A create named a network that does not exist or the project may not use, or asked
 * for `auto` where no network is available (Nova: 400 "Network <id> could not be
 * found.", "Unable to automatically allocate a network for project <id>").
 */
export class CloudNetworkNotFoundError extends CloudBadRequestError {
  constructor(
    message: string,
    /** The networks named, or none for `auto`. */
    readonly networkIds: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * A create asked for a fixed IP another port holds (Nova: 400 "Fixed IP address <ip> is
 * already in use on instance <id>.").
 */
export class CloudFixedIpInUseError extends CloudBadRequestError {
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
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

/**
 * The cloud refused the call to this credential (HTTP 403): a policy, or a rule such as
 * Glance's "You do not own this image" or "Image … is protected and cannot be deleted".
 * An `unauthorized` kind, so it maps as any refused credential does unless a caller
 * knows better.
 */
export class CloudForbiddenError extends CloudUnauthorizedError {}

/** What the call worked on went away during it (Glance's 410 for an image deleted mid-upload). */
export class CloudGoneError extends CloudNotFoundError {}
