import { ERROR_STATUS, REFERENCE_STATUS, type ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorExtras {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  /** The error is about a resource named in the request body (see `REFERENCE_STATUS`). */
  reference?: boolean;
}

/**
 * A failure the service layer reports: a stable `code` clients switch on, and a
 * message for people. The code alone decides the HTTP status (`ERROR_STATUS`).
 * Services never throw HTTP exceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extras: DomainErrorExtras = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return this.extras.reference ? REFERENCE_STATUS : ERROR_STATUS[this.code];
  }
}

/** Whether `error` is a domain error with that code. */
export function isDomainError(error: unknown, code: ErrorCode): error is DomainError {
  return error instanceof DomainError && error.code === code;
}
