import { IsOptionalField } from '../../common/http/optional-field';
import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator, type ValidationOptions } from 'class-validator';

export const METADATA_MAX_PAIRS = 128;
export const METADATA_MAX_LENGTH = 255;
/** Nova's metadata keys (`parameter_types.metadata`): what a cloud would refuse, we refuse first. */
const METADATA_KEY = /^[A-Za-z0-9_:. -]+$/;

/** Describes why a value is not valid server metadata, or returns null when it is. */
export function metadataProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'metadata must be an object of string keys to string values';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > METADATA_MAX_PAIRS)
    return `metadata may hold at most ${METADATA_MAX_PAIRS} pairs`;
  for (const [key, val] of entries) {
    if (key.length < 1 || key.length > METADATA_MAX_LENGTH) {
      return `metadata keys must be 1-${METADATA_MAX_LENGTH} characters`;
    }
    if (!METADATA_KEY.test(key)) {
      return `metadata keys may contain letters, digits, "-", "_", ":", "." and spaces ("${key.slice(0, 64)}")`;
    }
    if (typeof val !== 'string') return `metadata value of "${key.slice(0, 64)}" must be a string`;
    if (val.length > METADATA_MAX_LENGTH) {
      return `metadata value of "${key.slice(0, 64)}" exceeds ${METADATA_MAX_LENGTH} characters`;
    }
  }
  return null;
}

/**
 * At most 128 string pairs; keys 1–255 characters of letters, digits, `-_:.` and spaces,
 * values ≤ 255 characters.
 */
export function IsMetadata(options?: ValidationOptions) {
  return (object: object, propertyName: string | symbol): void => {
    // Keep the map exactly as parsed: class-transformer would rebuild it and silently drop
    // keys named like Object.prototype members ("constructor", "toString", ...).
    Transform(({ key, obj }: { key: string; obj: Record<string, unknown> }) => obj[key], {
      toClassOnly: true,
    })(object, propertyName);
    registerDecorator({
      name: 'isMetadata',
      target: object.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === null,
        defaultMessage: (args) => metadataProblem(args?.value) ?? 'metadata is invalid',
      },
    });
  };
}

/**
 * An optional metadata field of a request body: validated as `IsMetadata` and described
 * for OpenAPI (at most 128 string pairs, keys and values up to 255 characters, keys of
 * letters, digits, `-_:.` and spaces).
 */
export function OptionalMetadata(example: Record<string, string> = { role: 'web' }) {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'object',
      additionalProperties: { type: 'string', maxLength: METADATA_MAX_LENGTH },
      maxProperties: METADATA_MAX_PAIRS,
      description:
        `At most ${METADATA_MAX_PAIRS} pairs; keys 1-${METADATA_MAX_LENGTH} characters of letters, ` +
        `digits, "-", "_", ":", "." and spaces; values strings of at most ${METADATA_MAX_LENGTH}.`,
      example,
    }),
    IsOptionalField(),
    IsMetadata(),
  );
}
