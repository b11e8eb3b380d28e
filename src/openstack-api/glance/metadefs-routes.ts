import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CloudConflictError } from '../../compute/cloud-errors';
import {
  canSeeNamespace,
  type MetadefNamespaceFields,
  type MockMetadefNamespaceEntity,
} from '../../simulator';
import { param, withQuery, type Query } from '../http/query';
import { sendJson } from '../http/send-json';
import type { Caller } from '../http/token-guard';
import type { OpenStackApiContext } from '../openstack-api-context';
import { GlanceError } from './glance-errors';
import {
  checkSchema,
  parseAssociationBody,
  parseNamespaceBody,
  parseObjectBody,
  parsePropertyBody,
  parseTagBody,
  parseTagsBody,
  type NamespaceBody,
} from './metadef-body';
import { BODY_SCHEMAS, METADEF_SCHEMAS } from './metadef-schemas';
import {
  associationView,
  namespaceHref,
  namespaceView,
  objectView,
  type NamespaceContentsView,
  propertiesView,
  propertyView,
  resourceTypeView,
  tagView,
} from './metadef-views';

type Handler = (caller: Caller, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
/** The Glance plugin's wrapper: token checked, body refusals and Glance errors answered. */
export type GlanceRoute = (
  handler: Handler,
) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

type Params = { ns: string; name: string; schema: string };

const NAMESPACES = '/v2/metadefs/namespaces';
const NAMESPACE = `${NAMESPACES}/:ns`;
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;
/** The namespace columns Glance sorts by (`sort_key`), as our rows name them. */
const SORT_KEYS: Record<string, keyof MockMetadefNamespaceEntity> = {
  namespace: 'name',
  display_name: 'displayName',
  description: 'description',
  visibility: 'visibility',
  protected: 'protected',
  owner: 'owner',
  created_at: 'createdAt',
  updated_at: 'updatedAt',
  id: 'seq',
};

/**
 * How a failed namespace lookup reads, which differs from one Glance controller to
 * another: `show` and the object calls name the database's "Metadata definition
 * namespace=… was not found." for a missing one (`show` answering webob's bare 404 for one
 * the caller may not see, the object calls "Namespace … not found"); the other calls say
 * "Namespace … not found" for both.
 */
type LookupStyle = 'show' | 'objects' | 'other';

/** 204 with no body, and the HTML content type Glance's empty answers carry. */
const noContent = (reply: FastifyReply) =>
  reply.code(204).header('content-type', 'text/html; charset=UTF-8').send();

/** Python's `strutils.bool_from_string`, for `X-Openstack-Append`. */
const truthy = (value: string | string[] | undefined) =>
  ['1', 't', 'true', 'on', 'y', 'yes'].includes(String(value ?? '').toLowerCase());

/**
 * Glance's metadata definitions API (`/v2/metadefs/…`) and its schemas
 * (`/v2/schemas/metadefs/…`): namespaces, their objects, properties and tags, resource types
 * and associations. Anyone may read what they may see (public namespaces and their own
 * project's); writes are for admins, as Glance's default policy has it (403 "You are not
 * authorized to complete <action> action."). Nothing in a protected namespace can be
 * deleted. Bodies are checked against the served schemas before anything else, as Glance's
 * deserializers do.
 */
export function registerMetadefRoutes(
  image: FastifyInstance,
  ctx: OpenStackApiContext,
  route: GlanceRoute,
): void {
  const metadefs = ctx.cloud.metadefs;

  const lookup = async (
    caller: Caller,
    name: string,
    style: LookupStyle,
  ): Promise<MockMetadefNamespaceEntity> => {
    const row = await metadefs.namespace(name);
    const plain = new GlanceError(404, `Namespace ${name} not found`);
    if (!row) {
      if (style === 'other') throw plain;
      throw new GlanceError(404, `Metadata definition namespace=${name} was not found.`);
    }
    if (!canSeeNamespace(caller.scope, row)) {
      throw style === 'show' ? new GlanceError(404, 'The resource could not be found.') : plain;
    }
    return row;
  };
  /** Glance's default policy: metadata definitions are written by admins only. */
  const adminOnly = (caller: Caller, action: string) => {
    if (!caller.scope.admin) {
      throw new GlanceError(403, `You are not authorized to complete ${action} action.`);
    }
  };
  /** Nothing in a protected namespace may be deleted. */
  const unprotected = (ns: MockMetadefNamespaceEntity, what: string, name: string) => {
    if (ns.protected) {
      throw new GlanceError(
        403,
        `Metadata definition ${what} ${name} is protected and cannot be deleted.`,
      );
    }
  };
  const run = <T>(fn: () => Promise<T>): Promise<T> =>
    ctx.run(fn).catch((error: unknown) => {
      if (error instanceof CloudConflictError) throw new GlanceError(409, error.message);
      throw error;
    });
  const params = (request: FastifyRequest) => request.params as Params;

  image.get(
    '/v2/schemas/metadefs/:schema',
    route(async (_caller, request, reply) => {
      const build = Object.hasOwn(METADEF_SCHEMAS, params(request).schema)
        ? METADEF_SCHEMAS[params(request).schema]
        : undefined;
      if (!build) throw new GlanceError(404, 'The resource could not be found.');
      return sendJson(reply, build());
    }),
  );

  image.get(
    '/v2/metadefs/resource_types',
    route(async (_caller, _request, reply) => {
      const rows = await run(() => metadefs.resourceTypes());
      return sendJson(reply, { resource_types: rows.map(resourceTypeView) });
    }),
  );

  // Namespaces.
  image.get(
    NAMESPACES,
    route(async (caller, request, reply) => {
      const query = request.query as Query;
      const page = namespacePaging(query);
      const visibility = param(query, 'visibility');
      if (visibility !== undefined && visibility !== 'public' && visibility !== 'private') {
        throw new GlanceError(400, `Invalid visibility value: ${visibility}`);
      }
      const types = param(query, 'resource_types');
      const { rows, associations } = await run(async () => {
        if (page.marker !== undefined) {
          const marker = await metadefs.namespace(page.marker);
          if (!marker) {
            throw new GlanceError(
              404,
              `Metadata definition namespace=${page.marker} was not found.`,
            );
          }
          if (!canSeeNamespace(caller.scope, marker)) {
            throw new GlanceError(403, 'You are not authorized to complete this action.');
          }
        }
        const rows = await metadefs.namespaces(caller.scope, {
          visibility,
          resourceTypes: types?.split(','),
        });
        const associations = new Map<number, Awaited<ReturnType<typeof metadefs.associations>>>();
        for (const row of rows) associations.set(row.seq, await metadefs.associations(row));
        return { rows, associations };
      });
      sortNamespaces(rows, page.sortKey, page.sortDir);
      const start = page.marker === undefined ? 0 : markerIndex(rows, page.marker) + 1;
      const shown = rows.slice(start, start + page.limit);
      const body: Record<string, unknown> = {
        namespaces: shown.map((row) =>
          namespaceView(row, { associations: associations.get(row.seq)?.map(associationView) }),
        ),
      };
      if (shown.length > 0 && shown.length === page.limit) {
        body.next = withQuery(NAMESPACES, query, { marker: shown[shown.length - 1].name });
      }
      body.schema = '/v2/schemas/metadefs/namespaces';
      body.first = withQuery(NAMESPACES, query);
      return sendJson(reply, body);
    }),
  );

  image.post(
    NAMESPACES,
    route(async (caller, request, reply) => {
      const body = parseNamespaceBody(request.body);
      adminOnly(caller, 'add_metadef_namespace');
      const fields = namespaceFields(body, caller);
      const row = await run(() => metadefs.createNamespace(fields, body.contents));
      void reply.header('location', `${caller.baseUrl}/image${namespaceHref(row.name)}`);
      return sendJson(reply, namespaceView(row, createdContents(body)), 201);
    }),
  );

  image.get(
    NAMESPACE,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const query = request.query as Query;
      const visibility = param(query, 'visibility');
      if (visibility !== undefined && visibility !== 'public' && visibility !== 'private') {
        throw new GlanceError(400, `Invalid visibility value: ${visibility}`);
      }
      const view = await run(async () => {
        const row = await lookup(caller, ns, 'show');
        const associations = await metadefs.associations(row);
        const prefix =
          associations.find((a) => a.name === param(query, 'resource_type'))?.prefix ?? '';
        const objects = (await metadefs.objects(row)).map((object) => {
          const view = objectView(object, ns);
          view.required = object.required.map((name) => prefix + name);
          view.properties = prefixed(object.properties, prefix);
          return view;
        });
        return namespaceView(row, {
          associations: associations.map(associationView),
          properties: prefixed(propertiesView(await metadefs.properties(row)), prefix),
          objects,
          tags: (await metadefs.tags(row)).map((tag) => tag.name),
        });
      });
      return sendJson(reply, view);
    }),
  );

  image.put(
    NAMESPACE,
    route(async (caller, request, reply) => {
      const body = parseNamespaceBody(request.body);
      const { row, updatedBefore } = await run(async () => {
        const row = await lookup(caller, params(request).ns, 'other');
        adminOnly(caller, 'modify_metadef_namespace');
        return metadefs.updateNamespace(row, namespaceFields(body, caller));
      });
      return sendJson(reply, namespaceView(row, {}, updatedBefore));
    }),
  );

  image.delete(
    NAMESPACE,
    route(async (caller, request, reply) => {
      await run(async () => {
        const row = await lookup(caller, params(request).ns, 'other');
        adminOnly(caller, 'delete_metadef_namespace');
        unprotected(row, 'namespace', row.name);
        await metadefs.deleteNamespace(row);
      });
      return noContent(reply);
    }),
  );

  /** `DELETE …/{objects,properties,tags}`: Glance checks them as a delete of the namespace. */
  const deleteAll = (path: string, remove: (row: MockMetadefNamespaceEntity) => Promise<void>) =>
    image.delete(
      `${NAMESPACE}/${path}`,
      route(async (caller, request, reply) => {
        await run(async () => {
          const row = await lookup(caller, params(request).ns, 'other');
          adminOnly(caller, 'delete_metadef_namespace');
          unprotected(row, 'namespace', row.name);
          await remove(row);
        });
        return noContent(reply);
      }),
    );
  deleteAll('objects', (row) => metadefs.deleteObjects(row));
  deleteAll('properties', (row) => metadefs.deleteProperties(row));
  deleteAll('tags', (row) => metadefs.deleteTags(row));

  // Objects.
  image.get(
    `${NAMESPACE}/objects`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const rows = await run(async () => metadefs.objects(await lookup(caller, ns, 'objects')));
      return sendJson(reply, {
        objects: rows.map((row) => objectView(row, ns)),
        schema: 'v2/schemas/metadefs/objects',
      });
    }),
  );

  image.post(
    `${NAMESPACE}/objects`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const body = parseObjectBody(request.body, true);
      const row = await run(async () => {
        const namespace = await lookup(caller, ns, 'objects');
        adminOnly(caller, 'add_metadef_object');
        return metadefs.createObject(namespace, body.fields, ns);
      });
      return sendJson(reply, objectView(row, ns, body.given), 201);
    }),
  );

  const objectOf = async (caller: Caller, ns: string, name: string, action?: string) => {
    const namespace = await lookup(caller, ns, 'objects');
    if (action) adminOnly(caller, action);
    const row = await metadefs.object(namespace, name);
    if (!row) throw new GlanceError(404, `Could not find metadata object ${name}`);
    return { namespace, row };
  };

  image.get(
    `${NAMESPACE}/objects/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const { row } = await run(() => objectOf(caller, ns, name));
      return sendJson(reply, objectView(row, ns));
    }),
  );

  image.put(
    `${NAMESPACE}/objects/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const body = parseObjectBody(request.body, false);
      const { row, updatedBefore } = await run(async () => {
        const { row } = await objectOf(caller, ns, name, 'modify_metadef_object');
        return { row, updatedBefore: await metadefs.updateObject(row, body.fields, ns) };
      });
      return sendJson(reply, objectView(row, ns, body.given, updatedBefore));
    }),
  );

  image.delete(
    `${NAMESPACE}/objects/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      await run(async () => {
        const { namespace, row } = await objectOf(caller, ns, name, 'delete_metadef_object');
        unprotected(namespace, 'object', row.name);
        await metadefs.deleteObject(row);
      });
      return noContent(reply);
    }),
  );

  // Properties.
  image.get(
    `${NAMESPACE}/properties`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const rows = await run(async () => metadefs.properties(await lookup(caller, ns, 'other')));
      return sendJson(reply, { properties: propertiesView(rows) });
    }),
  );

  image.post(
    `${NAMESPACE}/properties`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const fields = parsePropertyBody(request.body);
      const row = await run(async () => {
        const namespace = await lookup(caller, ns, 'other');
        adminOnly(caller, 'add_metadef_property');
        return metadefs.createProperty(namespace, fields, ns);
      });
      return sendJson(reply, propertyView(row), 201);
    }),
  );

  const propertyOf = async (caller: Caller, ns: string, name: string, action?: string) => {
    const namespace = await lookup(caller, ns, 'other');
    if (action) adminOnly(caller, action);
    const row = await metadefs.property(namespace, name);
    if (!row) throw new GlanceError(404, `Could not find property ${name}`);
    return { namespace, row };
  };

  image.get(
    `${NAMESPACE}/properties/:name`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      let { name } = params(request);
      const type = param(request.query as Query, 'resource_type');
      const row = await run(async () => {
        if (type) {
          // The name as the resource type sees it: with the association's prefix.
          const namespace = await lookup(caller, ns, 'other');
          const prefix = await associationPrefix(namespace, ns, type);
          if (!prefix || !name.startsWith(prefix)) {
            throw new GlanceError(
              404,
              `Property ${name} does not start with the expected resource type association ` +
                `prefix of '${prefix ?? 'None'}'.`,
            );
          }
          name = name.slice(prefix.length);
        }
        return (await propertyOf(caller, ns, name)).row;
      });
      return sendJson(reply, propertyView(row));
    }),
  );

  /** The prefix of a namespace's association with a resource type, or Glance's 404. */
  const associationPrefix = async (
    namespace: MockMetadefNamespaceEntity,
    ns: string,
    type: string,
  ): Promise<string | null> => {
    const known = (await metadefs.resourceTypes()).some((row) => row.name === type);
    if (!known) {
      throw new GlanceError(
        404,
        `The metadata definition resource-type with name=${type}, was not found.`,
      );
    }
    const association = (await metadefs.associations(namespace)).find((a) => a.name === type);
    if (!association) {
      throw new GlanceError(
        404,
        `The metadata definition resource-type association of resource-type=${type} to ` +
          `namespace=${ns}, was not found.`,
      );
    }
    return association.prefix;
  };

  image.put(
    `${NAMESPACE}/properties/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const fields = parsePropertyBody(request.body);
      const row = await run(async () => {
        const { row } = await propertyOf(caller, ns, name, 'modify_metadef_property');
        await metadefs.updateProperty(row, fields, ns);
        return row;
      });
      return sendJson(reply, propertyView(row));
    }),
  );

  image.delete(
    `${NAMESPACE}/properties/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      await run(async () => {
        const { namespace, row } = await propertyOf(caller, ns, name, 'remove_metadef_property');
        unprotected(namespace, 'property', row.name);
        await metadefs.deleteProperty(row);
      });
      return noContent(reply);
    }),
  );

  // Tags.
  image.get(
    `${NAMESPACE}/tags`,
    route(async (caller, request, reply) => {
      const rows = await run(async () =>
        metadefs.tags(await lookup(caller, params(request).ns, 'other')),
      );
      return sendJson(reply, { tags: rows.map((row) => ({ name: row.name })) });
    }),
  );

  image.post(
    `${NAMESPACE}/tags`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const names = parseTagsBody(request.body);
      const append = truthy(request.headers['x-openstack-append']);
      const rows = await run(async () => {
        const namespace = await lookup(caller, ns, 'other');
        adminOnly(caller, 'add_metadef_tags');
        return metadefs.createTags(namespace, names, append, ns);
      });
      return sendJson(reply, { tags: rows.map((row) => ({ name: row.name })) }, 201);
    }),
  );

  const tagOf = async (caller: Caller, ns: string, name: string, action?: string) => {
    const namespace = await lookup(caller, ns, 'other');
    if (action) adminOnly(caller, action);
    const row = await metadefs.tag(namespace, name);
    if (!row) throw new GlanceError(404, `Could not find metadata tag ${name}`);
    return { namespace, row };
  };

  image.post(
    `${NAMESPACE}/tags/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const row = await run(async () => {
        const namespace = await lookup(caller, ns, 'other');
        checkSchema(BODY_SCHEMAS.tag, { name });
        adminOnly(caller, 'add_metadef_tag');
        return metadefs.createTag(namespace, name, ns);
      });
      return sendJson(reply, tagView(row), 201);
    }),
  );

  image.get(
    `${NAMESPACE}/tags/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const { row } = await run(() => tagOf(caller, ns, name));
      return sendJson(reply, tagView(row));
    }),
  );

  image.put(
    `${NAMESPACE}/tags/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      const newName = parseTagBody(request.body);
      const { row, updatedBefore } = await run(async () => {
        const { row } = await tagOf(caller, ns, name, 'modify_metadef_tag');
        return { row, updatedBefore: await metadefs.updateTag(row, newName, ns) };
      });
      return sendJson(reply, tagView(row, updatedBefore));
    }),
  );

  image.delete(
    `${NAMESPACE}/tags/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      await run(async () => {
        const { namespace, row } = await tagOf(caller, ns, name, 'delete_metadef_tag');
        unprotected(namespace, 'tag', row.name);
        await metadefs.deleteTag(row);
      });
      return noContent(reply);
    }),
  );

  // Resource type associations.
  image.get(
    `${NAMESPACE}/resource_types`,
    route(async (caller, request, reply) => {
      const rows = await run(async () =>
        metadefs.associations(await lookup(caller, params(request).ns, 'other')),
      );
      return sendJson(reply, { resource_type_associations: rows.map(associationView) });
    }),
  );

  image.post(
    `${NAMESPACE}/resource_types`,
    route(async (caller, request, reply) => {
      const { ns } = params(request);
      const association = parseAssociationBody(request.body);
      const made = await run(async () => {
        const namespace = await lookup(caller, ns, 'other');
        adminOnly(caller, 'add_metadef_resource_type_association');
        return metadefs.associate(namespace, association, ns);
      });
      return sendJson(reply, associationView(made), 201);
    }),
  );

  image.delete(
    `${NAMESPACE}/resource_types/:name`,
    route(async (caller, request, reply) => {
      const { ns, name } = params(request);
      await run(async () => {
        const namespace = await lookup(caller, ns, 'other');
        adminOnly(caller, 'remove_metadef_resource_type_association');
        const associated = (await metadefs.associations(namespace)).some((a) => a.name === name);
        if (!associated) {
          throw new GlanceError(404, `Failed to find resource type ${name} to delete`);
        }
        unprotected(namespace, 'resource-type-association', name);
        await metadefs.dissociate(namespace, name);
      });
      return noContent(reply);
    }),
  );
}

/**
 * A create's or update's namespace fields, with Glance's defaults: private, unprotected,
 * owned by the caller's project, no display name or description.
 */
function namespaceFields(body: NamespaceBody, caller: Caller): MetadefNamespaceFields {
  return {
    name: body.name,
    displayName: body.displayName ?? null,
    description: body.description ?? null,
    visibility: body.visibility ?? 'private',
    protected: body.protected ?? false,
    owner: body.owner ?? caller.scope.projectId,
  };
}

/** A create's answer shows the contents as the request gave them (no times, no links). */
function createdContents({ contents }: NamespaceBody): NamespaceContentsView {
  return {
    associations: contents.associations?.map((a) => ({
      name: a.name,
      ...(a.prefix === null ? {} : { prefix: a.prefix }),
      ...(a.propertiesTarget === null ? {} : { properties_target: a.propertiesTarget }),
    })),
    properties: contents.properties
      ? Object.fromEntries(contents.properties.map((p) => [p.name, { ...p.schema }]))
      : undefined,
    objects: contents.objects?.map((o) => ({
      name: o.name,
      ...(o.required.length > 0 ? { required: o.required } : {}),
      ...(o.description !== null ? { description: o.description } : {}),
      ...(Object.keys(o.properties).length > 0 ? { properties: o.properties } : {}),
    })),
    tags: contents.tags,
  };
}

/** Paging and sorting of `GET /v2/metadefs/namespaces`, checked as Glance does. */
function namespacePaging(query: Query) {
  const raw = param(query, 'limit');
  let limit = DEFAULT_LIMIT;
  if (raw !== undefined) {
    // Glance answers a 500 to a limit that is not a number; this is its own message for it.
    if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new GlanceError(400, 'limit param must be an integer');
    limit = Math.min(MAX_LIMIT, Number(raw));
    if (limit < 0) throw new GlanceError(400, 'limit param must be positive');
  }
  const sortDir = param(query, 'sort_dir') ?? 'desc';
  if (sortDir !== 'asc' && sortDir !== 'desc') {
    throw new GlanceError(400, `Invalid sort direction: ${sortDir}`);
  }
  const sortKey = param(query, 'sort_key') ?? 'created_at';
  // Glance answers a 500 to an unknown sort key.
  if (!Object.hasOwn(SORT_KEYS, sortKey)) {
    throw new GlanceError(400, `Invalid sort key: ${sortKey}`);
  }
  return { limit, sortKey, sortDir, marker: param(query, 'marker') };
}

/** Sorts by the key, then created_at and id, all in the one direction (nulls first ascending). */
function sortNamespaces(rows: MockMetadefNamespaceEntity[], sortKey: string, sortDir: string) {
  const keys = [SORT_KEYS[sortKey], 'createdAt', 'seq'] as (keyof MockMetadefNamespaceEntity)[];
  const sign = sortDir === 'asc' ? 1 : -1;
  const comparable = (value: unknown) => (value instanceof Date ? value.getTime() : value);
  rows.sort((a, b) => {
    for (const key of keys) {
      const x = comparable(a[key]);
      const y = comparable(b[key]);
      if (x === y) continue;
      if (x === null || x === undefined) return -sign;
      if (y === null || y === undefined) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}

const markerIndex = (rows: MockMetadefNamespaceEntity[], marker: string) =>
  rows.findIndex((row) => row.nameKey === marker.toLowerCase());

/** Property definitions by name, each name prefixed (a namespace shown for a resource type). */
function prefixed<T>(properties: Record<string, T>, prefix: string): Record<string, T> {
  if (!prefix) return properties;
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [prefix + k, v]));
}
