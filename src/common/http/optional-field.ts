import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/**
 * An optional body field: it may be left out, but `null` is validated like any other
 * value (and so refused), where class-validator's `IsOptional` would let it through to
 * be written as a missing value.
 */
export const IsOptionalField = () =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * A query parameter that is a plain decimal integer: `0x10`, ` 5`, `1e2` or `5.0` stay
 * strings, so the integer check that follows refuses them.
 */
export const ToStrictInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value,
  );
