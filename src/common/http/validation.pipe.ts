import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** Deeper than any body of this API needs; deep enough to refuse before recursion hurts. */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests objects or arrays more than `limit` levels deep (no recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The validation pipe, refusing first a body so deeply nested that transforming it
 * (class-transformer recurses) would exhaust the stack.
 */
class BoundedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
      throw Errors.validation([
        { field: 'body', message: `the body nests more than ${MAX_BODY_DEPTH} levels deep` },
      ]);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Whitelist + forbid unknown fields + transform, with failures reported as this API's
 * VALIDATION_FAILED problem. Registered once as APP_PIPE.
 */
export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => Errors.validation(toFieldErrors(errors)),
  });
}
