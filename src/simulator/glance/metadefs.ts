import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, QueryFailedError, type Repository } from 'typeorm';
import type { Clock } from '../../common/clock/clock';
import { CloudConflictError } from '../../compute/cloud-errors';
import type { CloudScope } from '../../compute/cloud-records';
import {
  MockMetadefNamespaceEntity,
  MockMetadefObjectEntity,
  MockMetadefPropertyEntity,
  MockMetadefResourceTypeAssociationEntity,
  MockMetadefResourceTypeEntity,
  MockMetadefTagEntity,
} from '../entities/mock-metadef.entities';

/** A namespace's own fields, as a create or an update (a full replacement) gives them. */
export interface MetadefNamespaceFields {
  name: string;
  displayName: string | null;
  description: string | null;
  visibility: 'public' | 'private';
  protected: boolean;
  owner: string;
}

/** An object's fields: its property definitions by name, each its JSON schema fields. */
export interface MetadefObjectFields {
  name: string;
  description: string | null;
  required: string[];
  properties: Record<string, Record<string, unknown>>;
}

/** A property definition: its name and its JSON schema fields (without the name). */
export interface MetadefPropertyFields {
  name: string;
  schema: Record<string, unknown>;
}

/** A namespace's association with a resource type, named. */
export interface MetadefAssociation {
  name: string;
  prefix: string | null;
  propertiesTarget: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a namespace may be created with besides its own fields. */
export interface MetadefNamespaceContents {
  objects?: MetadefObjectFields[];
  properties?: MetadefPropertyFields[];
  tags?: string[];
  associations?: { name: string; prefix: string | null; propertiesTarget: string | null }[];
}

/** Who may see a namespace: its owner's project, every project when public, admins always. */
export const canSeeNamespace = (scope: CloudScope, row: MockMetadefNamespaceEntity): boolean =>
  scope.admin === true || row.visibility === 'public' || row.owner === scope.projectId;

/** A name as the unique indexes hold it (MySQL's case-insensitive comparison). */
const keyOf = (name: string) => name.toLowerCase();

/**
 * Glance's metadata definitions, persisted in the `mock_metadef_*` tables: namespaces and
 * their objects, properties and tags, and resource types with the namespaces' associations.
 * Names are compared without regard to case. Duplicates are 409s with Glance's texts
 * (`CloudConflictError`); who may see or change what, and the texts of lookups that fail,
 * are the API's business, since Glance words them differently from one call to another.
 */
export class SimulatedMetadefs {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  private repo<T extends object>(entity: new () => T): Repository<T> {
    return this.txHost.tx.getRepository(entity);
  }

  private get namespaceRows() {
    return this.repo(MockMetadefNamespaceEntity);
  }

  private get objectRows() {
    return this.repo(MockMetadefObjectEntity);
  }

  private get propertyRows() {
    return this.repo(MockMetadefPropertyEntity);
  }

  private get tagRows() {
    return this.repo(MockMetadefTagEntity);
  }

  private get typeRows() {
    return this.repo(MockMetadefResourceTypeEntity);
  }

  private get associationRows() {
    return this.repo(MockMetadefResourceTypeAssociationEntity);
  }

  /** A namespace by name, whoever may see it, or null. */
  namespace(name: string): Promise<MockMetadefNamespaceEntity | null> {
    return this.namespaceRows.findOneBy({ nameKey: keyOf(name) });
  }

  /**
   * The namespaces the scope sees, optionally of one visibility and associated with one
   * of `resourceTypes`, newest first (Glance's default order).
   */
  async namespaces(
    scope: CloudScope,
    filter: { visibility?: string; resourceTypes?: string[] } = {},
  ): Promise<MockMetadefNamespaceEntity[]> {
    let rows = await this.namespaceRows.find({ order: { createdAt: 'DESC', seq: 'DESC' } });
    rows = rows.filter((row) => canSeeNamespace(scope, row));
    if (filter.visibility !== undefined) {
      rows = rows.filter((row) => row.visibility === filter.visibility);
    }
    if (filter.resourceTypes !== undefined) {
      const types = await this.typeRows.findBy({ name: In(filter.resourceTypes) });
      const associated = await this.associationRows.findBy({
        resourceTypeSeq: In(types.map((type) => type.seq)),
      });
      const seqs = new Set(associated.map((a) => a.namespaceSeq));
      rows = rows.filter((row) => seqs.has(row.seq));
    }
    return rows;
  }

  /** Creates a namespace with its contents, all or nothing. */
  createNamespace(
    fields: MetadefNamespaceFields,
    contents: MetadefNamespaceContents = {},
  ): Promise<MockMetadefNamespaceEntity> {
    return this.txHost.withTransaction(async () => {
      const exists = () =>
        new CloudConflictError(`The metadata definition namespace=${fields.name} already exists.`);
      if (await this.namespace(fields.name)) throw exists();
      const now = this.clock.now();
      const row = Object.assign(new MockMetadefNamespaceEntity(), {
        ...fields,
        nameKey: keyOf(fields.name),
        createdAt: now,
        updatedAt: now,
      });
      await this.insertOr(this.namespaceRows, row, exists);
      for (const association of contents.associations ?? []) {
        await this.associate(row, association);
      }
      // Glance's order: resource types, objects, tags, properties.
      for (const object of contents.objects ?? []) await this.createObject(row, object);
      if (contents.tags) await this.createTags(row, contents.tags, true);
      for (const property of contents.properties ?? []) await this.createProperty(row, property);
      return row;
    });
  }

  /**
   * Replaces a namespace's fields (a rename keeps its contents). Returns the row and its
   * `updatedAt` from before, which is what Glance's answer still shows.
   */
  updateNamespace(
    row: MockMetadefNamespaceEntity,
    fields: MetadefNamespaceFields,
  ): Promise<{ row: MockMetadefNamespaceEntity; updatedBefore: Date }> {
    return this.txHost.withTransaction(async () => {
      const clash = () =>
        new CloudConflictError(
          'Invalid update. It would result in a duplicate metadata definition namespace ' +
            `with the same name of ${fields.name}`,
        );
      const other = await this.namespace(fields.name);
      if (other && other.seq !== row.seq) throw clash();
      const updatedBefore = row.updatedAt;
      Object.assign(row, fields, { nameKey: keyOf(fields.name), updatedAt: this.clock.now() });
      await this.saveOr(this.namespaceRows, row, clash);
      return { row, updatedBefore };
    });
  }

  /** Deletes a namespace and everything in it. */
  deleteNamespace(row: MockMetadefNamespaceEntity): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const namespaceSeq = row.seq;
      await this.objectRows.delete({ namespaceSeq });
      await this.propertyRows.delete({ namespaceSeq });
      await this.tagRows.delete({ namespaceSeq });
      await this.associationRows.delete({ namespaceSeq });
      await this.namespaceRows.delete({ seq: namespaceSeq });
    });
  }

  /** A namespace's objects, in order of creation. */
  objects(ns: MockMetadefNamespaceEntity): Promise<MockMetadefObjectEntity[]> {
    return this.objectRows.find({ where: { namespaceSeq: ns.seq }, order: { seq: 'ASC' } });
  }

  object(ns: MockMetadefNamespaceEntity, name: string): Promise<MockMetadefObjectEntity | null> {
    return this.objectRows.findOneBy({ namespaceSeq: ns.seq, nameKey: keyOf(name) });
  }

  async createObject(
    ns: MockMetadefNamespaceEntity,
    fields: MetadefObjectFields,
    nsName = ns.name,
  ): Promise<MockMetadefObjectEntity> {
    const exists = () =>
      new CloudConflictError(
        `A metadata definition object with name=${fields.name} already exists in namespace=${nsName}.`,
      );
    if (await this.object(ns, fields.name)) throw exists();
    const now = this.clock.now();
    const row = Object.assign(new MockMetadefObjectEntity(), {
      ...fields,
      namespaceSeq: ns.seq,
      nameKey: keyOf(fields.name),
      createdAt: now,
      updatedAt: now,
    });
    return this.insertOr(this.objectRows, row, exists);
  }

  /** Replaces an object's fields; returns its `updatedAt` from before. */
  async updateObject(
    row: MockMetadefObjectEntity,
    fields: MetadefObjectFields,
    nsName: string,
  ): Promise<Date> {
    // Glance names the object as it was before the update.
    const clash = () =>
      new CloudConflictError(
        'Invalid update. It would result in a duplicate metadata definition object with ' +
          `the same name=${row.name} in namespace=${nsName}.`,
      );
    const other = await this.objectRows.findOneBy({
      namespaceSeq: row.namespaceSeq,
      nameKey: keyOf(fields.name),
    });
    if (other && other.seq !== row.seq) throw clash();
    const updatedBefore = row.updatedAt;
    const updated = { ...fields, nameKey: keyOf(fields.name), updatedAt: this.clock.now() };
    await this.saveOr(this.objectRows, Object.assign(row, updated), clash);
    return updatedBefore;
  }

  async deleteObject(row: MockMetadefObjectEntity): Promise<void> {
    await this.objectRows.delete({ seq: row.seq });
  }

  async deleteObjects(ns: MockMetadefNamespaceEntity): Promise<void> {
    await this.objectRows.delete({ namespaceSeq: ns.seq });
  }

  /** A namespace's property definitions, in order of creation. */
  properties(ns: MockMetadefNamespaceEntity): Promise<MockMetadefPropertyEntity[]> {
    return this.propertyRows.find({ where: { namespaceSeq: ns.seq }, order: { seq: 'ASC' } });
  }

  property(
    ns: MockMetadefNamespaceEntity,
    name: string,
  ): Promise<MockMetadefPropertyEntity | null> {
    return this.propertyRows.findOneBy({ namespaceSeq: ns.seq, nameKey: keyOf(name) });
  }

  async createProperty(
    ns: MockMetadefNamespaceEntity,
    fields: MetadefPropertyFields,
    nsName = ns.name,
  ): Promise<MockMetadefPropertyEntity> {
    const exists = () =>
      new CloudConflictError(
        `A metadata definition property with name=${fields.name} already exists in namespace=${nsName}.`,
      );
    if (await this.property(ns, fields.name)) throw exists();
    const now = this.clock.now();
    const row = Object.assign(new MockMetadefPropertyEntity(), {
      ...fields,
      namespaceSeq: ns.seq,
      nameKey: keyOf(fields.name),
      createdAt: now,
      updatedAt: now,
    });
    return this.insertOr(this.propertyRows, row, exists);
  }

  async updateProperty(
    row: MockMetadefPropertyEntity,
    fields: MetadefPropertyFields,
    nsName: string,
  ): Promise<void> {
    const clash = () =>
      new CloudConflictError(
        'Invalid update. It would result in a duplicate metadata definition property with ' +
          `the same name=${row.name} in namespace=${nsName}.`,
      );
    const other = await this.propertyRows.findOneBy({
      namespaceSeq: row.namespaceSeq,
      nameKey: keyOf(fields.name),
    });
    if (other && other.seq !== row.seq) throw clash();
    const updated = { ...fields, nameKey: keyOf(fields.name), updatedAt: this.clock.now() };
    await this.saveOr(this.propertyRows, Object.assign(row, updated), clash);
  }

  async deleteProperty(row: MockMetadefPropertyEntity): Promise<void> {
    await this.propertyRows.delete({ seq: row.seq });
  }

  async deleteProperties(ns: MockMetadefNamespaceEntity): Promise<void> {
    await this.propertyRows.delete({ namespaceSeq: ns.seq });
  }

  /** A namespace's tags, newest first (Glance's default order). */
  tags(ns: MockMetadefNamespaceEntity): Promise<MockMetadefTagEntity[]> {
    return this.tagRows.find({
      where: { namespaceSeq: ns.seq },
      order: { createdAt: 'DESC', seq: 'DESC' },
    });
  }

  tag(ns: MockMetadefNamespaceEntity, name: string): Promise<MockMetadefTagEntity | null> {
    return this.tagRows.findOneBy({ namespaceSeq: ns.seq, nameKey: keyOf(name) });
  }

  async createTag(
    ns: MockMetadefNamespaceEntity,
    name: string,
    nsName = ns.name,
  ): Promise<MockMetadefTagEntity> {
    const exists = () => duplicateTag(name, nsName);
    if (await this.tag(ns, name)) throw exists();
    const now = this.clock.now();
    const row = Object.assign(new MockMetadefTagEntity(), {
      name,
      nameKey: keyOf(name),
      namespaceSeq: ns.seq,
      createdAt: now,
      updatedAt: now,
    });
    return this.insertOr(this.tagRows, row, exists);
  }

  /**
   * Creates several tags at once, replacing the namespace's tags unless `append`; a name
   * given twice, or one the namespace keeps, is a 409 and changes nothing.
   */
  createTags(
    ns: MockMetadefNamespaceEntity,
    names: string[],
    append: boolean,
    nsName = ns.name,
  ): Promise<MockMetadefTagEntity[]> {
    return this.txHost.withTransaction(async () => {
      if (!append) await this.tagRows.delete({ namespaceSeq: ns.seq });
      const rows = [];
      for (const name of names) rows.push(await this.createTag(ns, name, nsName));
      return rows;
    });
  }

  /** Renames a tag; returns its `updatedAt` from before. */
  async updateTag(row: MockMetadefTagEntity, name: string, nsName: string): Promise<Date> {
    const clash = () => duplicateTag(name, nsName);
    const other = await this.tagRows.findOneBy({
      namespaceSeq: row.namespaceSeq,
      nameKey: keyOf(name),
    });
    if (other && other.seq !== row.seq) throw clash();
    const updatedBefore = row.updatedAt;
    Object.assign(row, { name, nameKey: keyOf(name), updatedAt: this.clock.now() });
    await this.saveOr(this.tagRows, row, clash);
    return updatedBefore;
  }

  async deleteTag(row: MockMetadefTagEntity): Promise<void> {
    await this.tagRows.delete({ seq: row.seq });
  }

  async deleteTags(ns: MockMetadefNamespaceEntity): Promise<void> {
    await this.tagRows.delete({ namespaceSeq: ns.seq });
  }

  /** Every resource type, in order of creation (the seeded ones first). */
  resourceTypes(): Promise<MockMetadefResourceTypeEntity[]> {
    return this.typeRows.find({ order: { seq: 'ASC' } });
  }

  /** A namespace's resource type associations, in order of creation. */
  async associations(ns: MockMetadefNamespaceEntity): Promise<MetadefAssociation[]> {
    const rows = await this.associationRows.find({
      where: { namespaceSeq: ns.seq },
      order: { createdAt: 'ASC', resourceTypeSeq: 'ASC' },
    });
    if (rows.length === 0) return [];
    const types = await this.typeRows.findBy({ seq: In(rows.map((row) => row.resourceTypeSeq)) });
    const names = new Map(types.map((type) => [type.seq, type.name]));
    return rows.map((row) => ({
      name: names.get(row.resourceTypeSeq) ?? '',
      prefix: row.prefix,
      propertiesTarget: row.propertiesTarget,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }

  /**
   * Associates a namespace with a resource type, creating an unprotected resource type
   * of that name when there is none (as Glance does); 409 when already associated.
   */
  associate(
    ns: MockMetadefNamespaceEntity,
    request: { name: string; prefix: string | null; propertiesTarget: string | null },
    nsName = ns.name,
  ): Promise<MetadefAssociation> {
    return this.txHost.withTransaction(async () => {
      const now = this.clock.now();
      let type = await this.typeRows.findOneBy({ name: request.name });
      if (!type) {
        type = Object.assign(new MockMetadefResourceTypeEntity(), {
          name: request.name,
          protected: false,
          createdAt: now,
          updatedAt: now,
        });
        await this.typeRows.insert(type);
      }
      const exists = () =>
        new CloudConflictError(
          'The metadata definition resource-type association of ' +
            `resource-type=${request.name} to namespace=${nsName} already exists.`,
        );
      if (
        await this.associationRows.findOneBy({ namespaceSeq: ns.seq, resourceTypeSeq: type.seq })
      ) {
        throw exists();
      }
      const row = Object.assign(new MockMetadefResourceTypeAssociationEntity(), {
        namespaceSeq: ns.seq,
        resourceTypeSeq: type.seq,
        prefix: request.prefix,
        propertiesTarget: request.propertiesTarget,
        createdAt: now,
        updatedAt: now,
      });
      await this.insertOr(this.associationRows, row, exists);
      return { ...request, createdAt: now, updatedAt: now };
    });
  }

  /** Removes a namespace's association with a resource type; false when there is none. */
  async dissociate(ns: MockMetadefNamespaceEntity, name: string): Promise<boolean> {
    const type = await this.typeRows.findOneBy({ name });
    if (!type) return false;
    const result = await this.associationRows.delete({
      namespaceSeq: ns.seq,
      resourceTypeSeq: type.seq,
    });
    return (result.affected ?? 0) > 0;
  }

  /** Inserts a row; a unique index refusing it (two requests at once) is `conflict()`. */
  private async insertOr<T extends object>(
    repo: Repository<T>,
    row: T,
    conflict: () => Error,
  ): Promise<T> {
    try {
      await repo.insert(row);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    }
  }

  private async saveOr<T extends object>(
    repo: Repository<T>,
    row: T,
    conflict: () => Error,
  ): Promise<void> {
    try {
      await repo.save(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict();
      throw error;
    }
  }
}

const duplicateTag = (name: string, nsName: string) =>
  new CloudConflictError(
    `A metadata tag with name=${name} already exists in namespace=${nsName}. ` +
      '(Please note that metadata tag names are case insensitive).',
  );

/** SQLite's and PostgreSQL's unique-constraint failures. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string } | undefined;
  return driver?.code === '23505' || driver?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
