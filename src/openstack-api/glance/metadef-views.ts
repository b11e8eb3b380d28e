import type {
  MetadefAssociation,
  MockMetadefNamespaceEntity,
  MockMetadefObjectEntity,
  MockMetadefPropertyEntity,
  MockMetadefResourceTypeEntity,
  MockMetadefTagEntity,
} from '../../simulator';
import { secondsFormat } from '../http/openstack-time';

/**
 * Glance's metadef views (its wsme models, in their field order): fields that are not set
 * are left out, times to the second.
 */

type View = Record<string, unknown>;

export const namespaceHref = (name: string) => `/v2/metadefs/namespaces/${name}`;
export const objectHref = (nsName: string, name: string) =>
  `${namespaceHref(nsName)}/objects/${name}`;

/** What a namespace shows of its contents, rendered (the list shows associations only). */
export interface NamespaceContentsView {
  associations?: View[];
  properties?: View;
  objects?: View[];
  tags?: string[];
}

/** A namespace, as given or as stored; `updatedAt` overrides the row's (a PUT's answer). */
export function namespaceView(
  row: MockMetadefNamespaceEntity,
  contents: NamespaceContentsView = {},
  updatedAt: Date = row.updatedAt,
): View {
  const view: View = { namespace: row.name };
  if (row.displayName !== null) view.display_name = row.displayName;
  if (row.description !== null) view.description = row.description;
  Object.assign(view, {
    visibility: row.visibility,
    protected: row.protected,
    owner: row.owner,
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(updatedAt),
  });
  if (contents.associations?.length) view.resource_type_associations = contents.associations;
  if (contents.properties && Object.keys(contents.properties).length > 0) {
    view.properties = contents.properties;
  }
  if (contents.objects?.length) view.objects = contents.objects;
  if (contents.tags?.length) view.tags = contents.tags.map((name) => ({ name }));
  view.self = namespaceHref(row.name);
  view.schema = '/v2/schemas/metadefs/namespace';
  return view;
}

/** Which of an object's optional fields to show: all of them once stored. */
export interface ObjectShown {
  required: boolean;
  description: boolean;
  properties: boolean;
}
const STORED: ObjectShown = { required: true, description: true, properties: true };

/**
 * An object. As stored it always shows `required` and `properties` (empty or not); a
 * create's or update's answer shows those the request gave. `nsName` is the namespace as
 * the request named it (Glance's `self` links echo it).
 */
export function objectView(
  row: MockMetadefObjectEntity,
  nsName: string,
  shown: ObjectShown = STORED,
  updatedAt: Date = row.updatedAt,
): View {
  const view: View = { name: row.name };
  if (shown.required) view.required = [...row.required];
  if (shown.description && row.description !== null) view.description = row.description;
  if (shown.properties) view.properties = { ...row.properties };
  return Object.assign(view, {
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(updatedAt),
    self: objectHref(nsName, row.name),
    schema: '/v2/schemas/metadefs/object',
  });
}

/** A namespace's properties by name, each as stored (its name only when it was given). */
export function propertiesView(rows: MockMetadefPropertyEntity[]): View {
  return Object.fromEntries(rows.map((row) => [row.name, { ...row.schema }]));
}

/** One property, named (`GET`), or as a create or update gave it. */
export function propertyView(row: MockMetadefPropertyEntity): View {
  return Object.assign({ name: row.name }, row.schema, { name: row.name });
}

export function tagView(row: MockMetadefTagEntity, updatedAt: Date = row.updatedAt): View {
  return {
    name: row.name,
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(updatedAt),
  };
}

export function associationView(association: MetadefAssociation): View {
  const view: View = { name: association.name };
  if (association.prefix !== null) view.prefix = association.prefix;
  if (association.propertiesTarget !== null) {
    view.properties_target = association.propertiesTarget;
  }
  view.created_at = secondsFormat(association.createdAt);
  view.updated_at = secondsFormat(association.updatedAt);
  return view;
}

export function resourceTypeView(row: MockMetadefResourceTypeEntity): View {
  return {
    name: row.name,
    created_at: secondsFormat(row.createdAt),
    updated_at: secondsFormat(row.updatedAt),
  };
}
