import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldError } from '../errors/domain-error';
import { Errors } from '../errors/errors';

/**
 * Flattens class-validator's tree into `{ field, message }` pairs with dotted paths.
 * Constraints sharing one message (e.g. the name rule) are reported once.
 */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = [...new Set(Object.values(error.constraints ?? {}))].map((message) => ({
      field,
      message,
    }));
    return own.concat(toFieldErrors(error.children ?? [], field));
  });
}

/**
 * Whitelist + forbid unknown fields + transform, with failures reported as this API's
 * VALIDATION_FAILED problem. Registered once as APP_PIPE.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Errors.validation(toFieldErrors(errors)),
  });
}
