import { pyRepr } from '../../simulator';
import { NovaError } from './nova-errors';

/**
 * Nova's JSON-schema checks of a request body (nova/api/validation), with jsonschema's
 * own texts: the body must be an object holding `key` (checked by `check`, whose errors
 * name the field), and nothing but `allowed` keys.
 */
export function bodyWith<T>(
  body: unknown,
  key: string,
  check: (value: unknown) => T,
  allowed: readonly string[] = [key],
): T {
  if (!isObject(body)) throw new NovaError(400, `${pyRepr(body)} is not of type 'object'`);
  // jsonschema's order: the properties, then `required`, then `additionalProperties`.
  const value = Object.hasOwn(body, key) ? check(body[key]) : undefined;
  if (!Object.hasOwn(body, key)) throw new NovaError(400, `'${key}' is a required property`);
  const extras = Object.keys(body).filter((name) => !allowed.includes(name));
  if (extras.length > 0) throw new NovaError(400, additionalProperties(extras));
  return value as T;
}

/** jsonschema's "Additional properties are not allowed ('x' was unexpected)". */
export function additionalProperties(extras: string[]): string {
  const verb = extras.length === 1 ? 'was' : 'were';
  return `Additional properties are not allowed (${extras.map(pyRepr).join(', ')} ${verb} unexpected)`;
}

/** A body that must be JSON `null` or absent (`{"type": "null"}`). */
export function noBody(body: unknown): void {
  if (body !== undefined && body !== null) {
    throw new NovaError(400, `${pyRepr(body)} is not of type 'null'`);
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
