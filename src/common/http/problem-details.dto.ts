import { ApiProperty } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-codes';

/** A field-level validation failure. */
export class FieldErrorDto {
  /** @example "name" */
  field!: string;
  /** @example "name must be 1-255 characters of letters, digits, '.', '_', '-' and spaces" */
  message!: string;
}

/** An RFC 9457 problem, as every error of this API is reported. */
export class ProblemDetailsDto {
  /** @example "https://vm-lifecycle.dev/problems/invalid-state-transition" */
  type!: string;
  /** @example "Conflict" */
  title!: string;
  /** @example 409 */
  status!: number;
  /** @example "Cannot start a server in status ACTIVE (no task in progress)." */
  detail!: string;
  /** @example "/api/v1/servers/0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f/start" */
  instance!: string;
  /** Stable machine-readable code; each one always comes with the same status. */
  @ApiProperty({ enum: Object.keys(ERROR_STATUS), example: 'INVALID_STATE_TRANSITION' })
  code!: ErrorCode;
  /** Field-level failures (validation errors only). */
  errors?: FieldErrorDto[];
}
