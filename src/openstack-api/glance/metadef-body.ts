import {
  pyRepr,
  type MetadefNamespaceContents,
  type MetadefObjectFields,
  type MetadefPropertyFields,
} from '../../simulator';
import { GlanceError } from './glance-errors';
import { BODY_SCHEMAS } from './metadef-schemas';

type Json = Record<string, unknown>;
type Schema = Record<string, unknown>;
type Path = (string | number)[];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks `instance` against one of our metadef schemas as Glance does (`jsonschema`'s
 * `validate`, which reports the error nearest the top, the first of those found): 400
 * "Provided object does not match schema '<name>': <jsonschema's message>". Glance goes on
 * with jsonschema's dump of the failing schema and value; we stop at the message.
 */
export function checkSchema(schema: Schema, instance: unknown): void {
  let best: { depth: number; message: string } | null = null;
  for (const error of schemaErrors(schema, schema, instance, [])) {
    if (best === null || error.path.length < best.depth) {
      best = { depth: error.path.length, message: error.message };
    }
  }
  if (best) {
    throw new GlanceError(
      400,
      `Provided object does not match schema '${String(schema.name)}': ${best.message}`,
    );
  }
}

/** jsonschema's errors, in the order it finds them (the schema's keywords in order). */
function* schemaErrors(
  root: Schema,
  schema: Schema,
  instance: unknown,
  path: Path,
): Generator<{ path: Path; message: string }> {
  const fail = (message: string) => ({ path, message });
  for (const [keyword, value] of Object.entries(schema)) {
    switch (keyword) {
      case '$ref': {
        const name = String(value).replace('#/definitions/', '');
        const target = (root.definitions as Record<string, Schema>)[name];
        yield* schemaErrors(root, target, instance, path);
        break;
      }
      case 'allOf':
        for (const sub of value as Schema[]) yield* schemaErrors(root, sub, instance, path);
        break;
      case 'type': {
        const types = [value].flat() as string[];
        if (!types.some((type) => hasType(instance, type))) {
          yield fail(`${pyRepr(instance)} is not of type ${types.map(pyRepr).join(', ')}`);
        }
        break;
      }
      case 'enum':
        if (!(value as unknown[]).some((option) => sameJson(option, instance))) {
          yield fail(`${pyRepr(instance)} is not one of ${pyRepr(value)}`);
        }
        break;
      case 'maxLength':
        if (typeof instance === 'string' && [...instance].length > (value as number)) {
          yield fail(`${pyRepr(instance)} is too long`);
        }
        break;
      case 'minLength':
        if (typeof instance === 'string' && [...instance].length < (value as number)) {
          yield fail(`${pyRepr(instance)} is too short`);
        }
        break;
      case 'minimum':
        if (typeof instance === 'number' && instance < (value as number)) {
          yield fail(`${pyRepr(instance)} is less than the minimum of ${String(value)}`);
        }
        break;
      case 'maxItems':
        if (Array.isArray(instance) && instance.length > (value as number)) {
          yield fail(`${pyRepr(instance)} is too long`);
        }
        break;
      case 'minItems':
        if (Array.isArray(instance) && instance.length < (value as number)) {
          yield fail(`${pyRepr(instance)} is too short`);
        }
        break;
      case 'uniqueItems':
        if (value === true && Array.isArray(instance)) {
          const seen = instance.map((item) => JSON.stringify(item));
          if (new Set(seen).size < seen.length) {
            yield fail(`${pyRepr(instance)} has non-unique elements`);
          }
        }
        break;
      case 'items':
        if (Array.isArray(instance)) {
          for (const [i, item] of instance.entries()) {
            yield* schemaErrors(root, value as Schema, item, [...path, i]);
          }
        }
        break;
      case 'required':
        if (isObject(instance)) {
          for (const name of value as string[]) {
            if (!Object.hasOwn(instance, name))
              yield fail(`${pyRepr(name)} is a required property`);
          }
        }
        break;
      case 'properties':
        if (isObject(instance)) {
          for (const [name, sub] of Object.entries(value as Record<string, Schema>)) {
            if (Object.hasOwn(instance, name)) {
              yield* schemaErrors(root, sub, instance[name], [...path, name]);
            }
          }
        }
        break;
      case 'additionalProperties':
        if (isObject(instance)) {
          const known = Object.keys((schema.properties as Schema | undefined) ?? {});
          const extras = Object.keys(instance).filter((key) => !known.includes(key));
          if (value === false && extras.length > 0) {
            const verb = extras.length === 1 ? 'was' : 'were';
            yield fail(
              `Additional properties are not allowed (${extras.map(pyRepr).join(', ')} ${verb} unexpected)`,
            );
          } else if (isObject(value)) {
            for (const extra of extras) {
              yield* schemaErrors(root, value, instance[extra], [...path, extra]);
            }
          }
        }
        break;
      default:
      // name, description, format, default, readOnly…: no check (no format checker).
    }
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Glance's 400s for a request that needs a body and has none, or one not a list or dict. */
export function requireBody(body: unknown): unknown {
  if (body === undefined) throw new GlanceError(400, 'Body expected in request.');
  if (typeof body !== 'object' || body === null) {
    throw new GlanceError(400, 'Unexpected body type. Expected list/dict.');
  }
  return body;
}

/** Glance's 403 for a body that sets a field it alone sets (Python's `in`). */
export function checkReadOnly(body: unknown, fields: readonly string[]): void {
  for (const field of fields) {
    const present = isObject(body)
      ? Object.hasOwn(body, field)
      : Array.isArray(body)
        ? body.includes(field)
        : typeof body === 'string' && body.includes(field);
    if (present) throw new GlanceError(403, `Attribute '${field}' is read-only.`);
  }
}

/** Fields Glance keeps itself: a namespace's and an object's; a property's, tag's and association's. */
const NAMESPACE_READ_ONLY = ['self', 'schema', 'created_at', 'updated_at'];
const TIMES_READ_ONLY = ['created_at', 'updated_at'];

/**
 * The fields of a property definition Glance keeps (its `PropertyType`), in the order it
 * shows them; others the schema lets through (`required`) are dropped.
 */
const PROPERTY_FIELDS = [
  'name',
  'type',
  'title',
  'description',
  'operators',
  'default',
  'readonly',
  'minimum',
  'maximum',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'confidential',
  'items',
  'uniqueItems',
  'minItems',
  'maxItems',
  'additionalItems',
];

/**
 * A property definition's fields as Glance's model (wsme) takes them and shows them:
 * known fields only (`required`, which the schema allows, is refused: Glance fails with a
 * 500 there), `enum` of strings (or nulls), `minimum`/`maximum` cut to integers, `default`
 * as text, `items` as `{type, enum}`.
 */
export function propertyFields(body: Json): Record<string, unknown> {
  for (const key of Object.keys(body)) {
    if (!PROPERTY_FIELDS.includes(key)) {
      throw new GlanceError(400, `Unknown attribute for argument None: ${key}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const field of PROPERTY_FIELDS) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    if (field === 'items' && isObject(value)) {
      const items: Record<string, unknown> = {};
      if (value.type !== undefined && value.type !== null) items.type = value.type;
      if (value.enum !== undefined && value.enum !== null)
        items.enum = textList('enum', value.enum);
      out.items = items;
    } else if (field === 'enum') {
      out.enum = textList('enum', value);
    } else if (field === 'minimum' || field === 'maximum') {
      out[field] = Math.trunc(value as number);
    } else if (field === 'default') {
      out.default = defaultText(value);
    } else {
      out[field] = value;
    }
  }
  return out;
}

/** A list of texts (nulls allowed), or wsme's 400 naming the first wrong item's type. */
function textList(field: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const wrong: unknown = value.find((item) => item !== null && typeof item !== 'string');
  if (wrong !== undefined) {
    throw new GlanceError(
      400,
      `Invalid input for field/attribute ${field}. Value: '${pyRepr(value)}'. Wrong type. ` +
        `Expected '<class 'str'>', got '<class '${pythonType(wrong)}'>'`,
    );
  }
  return value;
}

/** The name of a JSON value's type in Python. */
function pythonType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** `default` as Glance keeps it: text (Python's `str` of a number or boolean), else null. */
function defaultText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return null;
}

/** A namespace body: its own fields as given (absent ones left out) and its contents. */
export interface NamespaceBody {
  name: string;
  displayName?: string;
  description?: string;
  visibility?: 'public' | 'private';
  protected?: boolean;
  owner?: string;
  contents: MetadefNamespaceContents;
}

/** `POST /v2/metadefs/namespaces` and `PUT …/{ns}`: checked as Glance's deserializer does. */
export function parseNamespaceBody(raw: unknown): NamespaceBody {
  const body = requireBody(raw);
  checkReadOnly(body, NAMESPACE_READ_ONLY);
  checkSchema(BODY_SCHEMAS.namespace, body);
  const ns = body as Json;
  const contents: MetadefNamespaceContents = {};
  if (Array.isArray(ns.resource_type_associations)) {
    contents.associations = (ns.resource_type_associations as Json[]).map((a) => ({
      name: associationName(a.name),
      prefix: (a.prefix as string | undefined) ?? null,
      propertiesTarget: (a.properties_target as string | undefined) ?? null,
    }));
  }
  if (Array.isArray(ns.objects)) {
    contents.objects = (ns.objects as Json[]).map((o) => objectFields(o));
  }
  if (isObject(ns.properties)) {
    contents.properties = Object.entries(ns.properties).map(([name, value]) => ({
      name,
      // Glance keeps the definition as given: without a name, it shows none.
      schema: propertyFields(value as Json),
    }));
  }
  if (Array.isArray(ns.tags)) {
    contents.tags = (ns.tags as Json[]).map((t) => associationName(t.name));
  }
  return {
    name: ns.namespace as string,
    ...(ns.display_name === undefined ? {} : { displayName: ns.display_name as string }),
    ...(ns.description === undefined ? {} : { description: ns.description as string }),
    ...(ns.visibility === undefined ? {} : { visibility: ns.visibility as 'public' | 'private' }),
    ...(ns.protected === undefined ? {} : { protected: ns.protected as boolean }),
    ...(ns.owner === undefined ? {} : { owner: ns.owner as string }),
    contents,
  };
}

/** A name the schema does not require but Glance's model does (Glance fails with a 500). */
function associationName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new GlanceError(
      400,
      "Invalid input for field/attribute name. Value: 'None'. Mandatory field missing.",
    );
  }
  return name;
}

/** An object's fields, as given: `required`, `description` and `properties` when present. */
export interface ObjectBody {
  fields: MetadefObjectFields;
  given: { required: boolean; description: boolean; properties: boolean };
}

function objectFields(o: Json): MetadefObjectFields {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries((o.properties as Json | undefined) ?? {})) {
    properties[name] = propertyFields(value as Json);
  }
  return {
    name: o.name as string,
    description: (o.description as string | undefined) ?? null,
    required: (o.required as string[] | undefined) ?? [],
    properties,
  };
}

/**
 * `POST …/objects` (each property also checked as a property definition) and `PUT
 * …/objects/{name}` (not), as Glance's deserializer does.
 */
export function parseObjectBody(raw: unknown, creating: boolean): ObjectBody {
  const body = requireBody(raw);
  checkReadOnly(body, NAMESPACE_READ_ONLY);
  checkSchema(BODY_SCHEMAS.object, body);
  const o = body as Json;
  if (creating && isObject(o.properties)) {
    for (const value of Object.values(o.properties)) {
      checkSchema(BODY_SCHEMAS.objectProperty, value);
    }
  }
  return {
    fields: objectFields(o),
    given: {
      required: o.required !== undefined,
      description: o.description !== undefined,
      properties: o.properties !== undefined,
    },
  };
}

/** `POST …/properties` and `PUT …/properties/{name}`: a named definition. */
export function parsePropertyBody(raw: unknown): MetadefPropertyFields {
  const body = requireBody(raw);
  checkReadOnly(body, TIMES_READ_ONLY);
  checkSchema(BODY_SCHEMAS.property, body);
  const p = body as Json;
  return { name: p.name as string, schema: propertyFields(p) };
}

/** `POST …/tags`: the names of `{"tags": [{"name"}…]}` (none when `tags` is left out). */
export function parseTagsBody(raw: unknown): string[] {
  const body = requireBody(raw);
  checkReadOnly(body, TIMES_READ_ONLY);
  checkSchema(BODY_SCHEMAS.tags, body);
  return (((body as Json).tags as Json[] | undefined) ?? []).map((t) => t.name as string);
}

/** `PUT …/tags/{name}`: the new name. */
export function parseTagBody(raw: unknown): string {
  const body = requireBody(raw);
  checkReadOnly(body, TIMES_READ_ONLY);
  checkSchema(BODY_SCHEMAS.tag, body);
  return (body as Json).name as string;
}

/** `POST …/resource_types`: the association asked for. */
export function parseAssociationBody(raw: unknown): {
  name: string;
  prefix: string | null;
  propertiesTarget: string | null;
} {
  const body = requireBody(raw);
  checkReadOnly(body, TIMES_READ_ONLY);
  checkSchema(BODY_SCHEMAS.resourceType, body);
  const a = body as Json;
  return {
    name: a.name as string,
    prefix: (a.prefix as string | undefined) ?? null,
    propertiesTarget: (a.properties_target as string | undefined) ?? null,
  };
}
