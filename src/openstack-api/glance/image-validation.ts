import { pyRepr } from '../../simulator';
import { GlanceError } from './glance-errors';
import { IMAGE_PROPERTIES, type JsonSchema } from './image-schema';
import { pformat } from './python-pformat';

/** One failure, as jsonschema reports it. */
interface SchemaError {
  message: string;
  validator: string;
  /** Where in the schema the failing keyword sits (the keyword itself left out). */
  schemaPath: (string | number)[];
  schema: JsonSchema;
  instancePath: (string | number)[];
  instance: unknown;
}

const IMAGE_ROOT: JsonSchema = {
  properties: IMAGE_PROPERTIES,
  additionalProperties: { type: 'string' },
};

/**
 * Validates an image body (a create's, or a patch's `{property: value}`) against Glance's
 * image schema, and throws Glance's 400 with jsonschema's own message for the error it
 * would report: the least deep one, the first found of those (keywords and properties in
 * the schema's order, then extra properties in the body's).
 */
export function validateImage(body: Record<string, unknown>): void {
  const errors = validate(IMAGE_ROOT, body, [], []);
  if (errors.length === 0) return;
  let best = errors[0];
  for (const error of errors) {
    if (error.instancePath.length < best.instancePath.length) best = error;
  }
  throw new GlanceError(400, `Provided object does not match schema 'image': ${describe(best)}`);
}

function describe(error: SchemaError): string {
  const indent = (text: string) =>
    text
      .split('\n')
      .map((line) => `    ${line}`)
      .join('\n');
  return (
    `${error.message}\n\nFailed validating ${pyRepr(error.validator)} in ` +
    `schema${index(error.schemaPath)}:\n${indent(pformat(error.schema, 72))}\n\n` +
    `On instance${index(error.instancePath)}:\n${indent(pformat(error.instance, 72))}`
  );
}

const index = (path: (string | number)[]) => path.map((key) => `[${pyRepr(key)}]`).join('');

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
};

/** Python's length of a string: code points. */
const length = (text: string) => [...text].length;

function validate(
  schema: JsonSchema,
  instance: unknown,
  schemaPath: (string | number)[],
  instancePath: (string | number)[],
): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (validator: string, message: string) =>
    errors.push({ message, validator, schemaPath, schema, instancePath, instance });
  for (const [keyword, value] of Object.entries(schema) as [string, unknown][]) {
    switch (keyword) {
      case 'type': {
        const types = [value as string | string[]].flat();
        if (!types.some((type) => TYPES[type]?.(instance))) {
          fail('type', `${pyRepr(instance)} is not of type ${types.map(pyRepr).join(', ')}`);
        }
        break;
      }
      case 'enum':
        if (!(value as unknown[]).some((option) => option === instance)) {
          fail('enum', `${pyRepr(instance)} is not one of ${pyRepr(value)}`);
        }
        break;
      case 'maxLength':
        if (typeof instance === 'string' && length(instance) > (value as number)) {
          fail('maxLength', `${pyRepr(instance)} is too long`);
        }
        break;
      case 'minLength':
        if (typeof instance === 'string' && length(instance) < (value as number)) {
          fail('minLength', `${pyRepr(instance)} is too short`);
        }
        break;
      case 'pattern':
        if (typeof instance === 'string' && !new RegExp(value as string, 'u').test(instance)) {
          fail('pattern', `${pyRepr(instance)} does not match ${pyRepr(value)}`);
        }
        break;
      case 'items':
        if (Array.isArray(instance)) {
          instance.forEach((item, i) =>
            errors.push(
              ...validate(
                value as JsonSchema,
                item,
                [...schemaPath, 'items'],
                [...instancePath, i],
              ),
            ),
          );
        }
        break;
      case 'required':
        if (TYPES.object(instance)) {
          for (const name of value as string[]) {
            if (!(name in (instance as object)))
              fail('required', `${pyRepr(name)} is a required property`);
          }
        }
        break;
      case 'properties':
        if (TYPES.object(instance)) {
          const object = instance as Record<string, unknown>;
          for (const [name, sub] of Object.entries(value as Record<string, JsonSchema>)) {
            if (!Object.hasOwn(object, name)) continue;
            errors.push(
              ...validate(
                sub,
                object[name],
                [...schemaPath, 'properties', name],
                [...instancePath, name],
              ),
            );
          }
        }
        break;
      case 'additionalProperties':
        if (TYPES.object(instance) && value !== null && typeof value === 'object') {
          const known = schema.properties ?? {};
          for (const [name, item] of Object.entries(instance as Record<string, unknown>)) {
            if (Object.hasOwn(known, name)) continue;
            errors.push(
              ...validate(
                value,
                item,
                [...schemaPath, 'additionalProperties'],
                [...instancePath, name],
              ),
            );
          }
        }
        break;
    }
  }
  return errors;
}
