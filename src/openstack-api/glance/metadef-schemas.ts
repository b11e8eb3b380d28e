/**
 * The JSON schemas Glance serves at `/v2/schemas/metadefs/*` and checks metadata
 * definition bodies against: the same fields, types and limits as Glance's (read off a
 * real Glance), with descriptions of our own. Collection schemas carry their item's schema
 * and hoist its `definitions`, as Glance's do.
 */

type Schema = Record<string, unknown>;

/** JSON types a property definition may declare (`null` too, as Glance lists it). */
const PROPERTY_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string', null];

const readOnlyTime = (description: string): Schema => ({
  type: 'string',
  readOnly: true,
  description,
  format: 'date-time',
});
const readOnlyString: Schema = { readOnly: true, type: 'string' };

/** The fields of one property definition. */
function propertyFields(): Schema {
  return {
    name: { type: 'string', maxLength: 80 },
    title: { type: 'string' },
    description: { type: 'string' },
    operators: { type: 'array', items: { type: 'string' } },
    type: { type: 'string', enum: PROPERTY_TYPES },
    required: { $ref: '#/definitions/stringArray' },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    maxLength: { $ref: '#/definitions/positiveInteger' },
    minLength: { $ref: '#/definitions/positiveIntegerDefault0' },
    pattern: { type: 'string', format: 'regex' },
    enum: { type: 'array' },
    readonly: { type: 'boolean' },
    default: {},
    items: {
      type: 'object',
      properties: { type: { type: 'string', enum: PROPERTY_TYPES }, enum: { type: 'array' } },
    },
    maxItems: { $ref: '#/definitions/positiveInteger' },
    minItems: { $ref: '#/definitions/positiveIntegerDefault0' },
    uniqueItems: { type: 'boolean', default: false },
    additionalItems: { type: 'boolean' },
  };
}

/** Definitions shared by namespaces and objects; the property schema's `stringArray` is non-empty. */
function definitions(forProperty = false): Schema {
  const common: Schema = {
    positiveInteger: { type: 'integer', minimum: 0 },
    positiveIntegerDefault0: {
      allOf: [{ $ref: '#/definitions/positiveInteger' }, { default: 0 }],
    },
    stringArray: {
      type: 'array',
      items: { type: 'string' },
      ...(forProperty ? { minItems: 1 } : {}),
      uniqueItems: true,
    },
  };
  if (forProperty) return common;
  return {
    ...common,
    property: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['title', 'type'],
        properties: propertyFields(),
      },
    },
  };
}

function namespaceSchema(): Schema {
  return {
    name: 'namespace',
    properties: {
      namespace: {
        type: 'string',
        description: 'The name of the namespace, unique in the cloud.',
        maxLength: 80,
      },
      display_name: {
        type: 'string',
        description: 'A name for people to read, shown by user interfaces that have one.',
        maxLength: 80,
      },
      description: {
        type: 'string',
        description: 'What the namespace is about, for people to read.',
        maxLength: 500,
      },
      visibility: {
        type: 'string',
        description: 'Who may see the namespace: every project, or its owner only.',
        enum: ['public', 'private'],
      },
      protected: {
        type: 'boolean',
        description: 'When true, the namespace cannot be deleted.',
      },
      owner: { type: 'string', description: 'The project owning the namespace.', maxLength: 255 },
      created_at: readOnlyTime('When the namespace was created.'),
      updated_at: readOnlyTime('When the namespace last changed.'),
      schema: readOnlyString,
      self: readOnlyString,
      resource_type_associations: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            prefix: { type: 'string' },
            properties_target: { type: 'string' },
          },
        },
      },
      properties: { $ref: '#/definitions/property' },
      objects: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            description: { type: 'string' },
            required: { $ref: '#/definitions/stringArray' },
            properties: { $ref: '#/definitions/property' },
          },
        },
      },
      tags: {
        type: 'array',
        items: { type: 'object', properties: { name: { type: 'string' } } },
      },
    },
    additionalProperties: false,
    definitions: definitions(),
    required: ['namespace'],
  };
}

function objectSchema(): Schema {
  return {
    name: 'object',
    properties: {
      name: { type: 'string', maxLength: 80 },
      description: { type: 'string' },
      required: { $ref: '#/definitions/stringArray' },
      properties: { $ref: '#/definitions/property' },
      schema: readOnlyString,
      self: readOnlyString,
      created_at: readOnlyTime('When the object was created.'),
      updated_at: readOnlyTime('When the object last changed.'),
    },
    additionalProperties: false,
    definitions: definitions(),
    required: ['name'],
  };
}

/** A property definition on its own: `name` required too, unless inside an object. */
function propertySchema(requireName = true): Schema {
  return {
    name: 'property',
    properties: propertyFields(),
    additionalProperties: false,
    definitions: definitions(true),
    required: requireName ? ['type', 'title', 'name'] : ['type', 'title'],
  };
}

function resourceTypeSchema(): Schema {
  return {
    name: 'resource_type_association',
    properties: {
      name: {
        type: 'string',
        description:
          'The resource type, named as Heat names resource types where there is one ' +
          '(OS::Glance::Image, OS::Nova::Flavor…).',
        maxLength: 80,
      },
      prefix: {
        type: 'string',
        description:
          "A prefix the namespace's properties take when applied to this resource type, " +
          'separator included (such as "hw:").',
        maxLength: 80,
      },
      properties_target: {
        type: 'string',
        description:
          'Which of the resource type’s key/value sets the properties apply to, where it ' +
          'has several (a volume’s image metadata rather than its own, for instance).',
        maxLength: 80,
      },
      created_at: readOnlyTime('When the association was made.'),
      updated_at: readOnlyTime('When the association last changed.'),
    },
    additionalProperties: false,
    required: ['name'],
  };
}

function tagSchema(): Schema {
  return {
    name: 'tag',
    properties: {
      name: { type: 'string', maxLength: 80 },
      created_at: readOnlyTime('When the tag was created.'),
      updated_at: readOnlyTime('When the tag last changed.'),
    },
    additionalProperties: false,
    required: ['name'],
  };
}

const COLLECTION_LINKS = [
  { rel: 'first', href: '{first}' },
  { rel: 'next', href: '{next}' },
  { rel: 'describedby', href: '{schema}' },
];

/** A list of `item`s with paging links; the item's definitions move to the top. */
function collection(name: string, item: Schema, asMap = false): Schema {
  const { definitions: hoisted, ...itemSchema } = item;
  return {
    name,
    properties: {
      [name]: asMap
        ? { type: 'object', additionalProperties: itemSchema }
        : { type: 'array', items: itemSchema },
      first: { type: 'string' },
      next: { type: 'string' },
      schema: { type: 'string' },
    },
    links: COLLECTION_LINKS,
    ...(hoisted === undefined ? {} : { definitions: hoisted }),
  };
}

/** The schemas by the name `/v2/schemas/metadefs/{name}` serves them under. */
export const METADEF_SCHEMAS: Readonly<Record<string, () => Schema>> = {
  namespace: namespaceSchema,
  namespaces: () => collection('namespaces', namespaceSchema()),
  object: objectSchema,
  objects: () => collection('objects', objectSchema()),
  property: () => propertySchema(),
  properties: () => collection('properties', propertySchema(false), true),
  resource_type: resourceTypeSchema,
  resource_types: () => collection('resource_type_associations', resourceTypeSchema()),
  tag: tagSchema,
  tags: () => collection('tags', tagSchema()),
};

/** The schemas request bodies are checked against. */
export const BODY_SCHEMAS = {
  namespace: namespaceSchema(),
  object: objectSchema(),
  /** A property of an object (`properties` of an object body), checked on its own. */
  objectProperty: propertySchema(false),
  property: propertySchema(),
  resourceType: resourceTypeSchema(),
  tag: tagSchema(),
  /** `POST /v2/metadefs/namespaces/{ns}/tags`: `{"tags": [{"name"}]}`. */
  tags: {
    name: 'tags',
    properties: {
      tags: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
} satisfies Record<string, Schema>;
