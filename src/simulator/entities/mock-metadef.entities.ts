import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer, TimestampColumn } from '../../database/timestamp-column';

/**
 * Glance's metadata definitions (the `metadef_*` tables). Names are matched without
 * regard to case, as on the MySQL/MariaDB databases Glance usually runs on (and as Glance
 * says for tags): each named row keeps its name as given and a lower-cased `nameKey`
 * that the unique indexes hold. `seq` is each row's order of creation.
 */

/** A metadata definition namespace: who sees it, and whether it may be deleted. */
@Entity('mock_metadef_namespaces')
@Index('uq_mock_metadef_namespaces_key', ['nameKey'], { unique: true })
export class MockMetadefNamespaceEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  /** Glance's `namespace`. */
  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 80 })
  nameKey!: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  displayName!: string | null;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** `public` or `private` (seen by its owner's project and admins only). */
  @Column({ type: 'varchar', length: 16 })
  visibility!: string;

  /** A protected namespace, and everything in it, cannot be deleted. */
  @Column({ type: 'boolean' })
  protected!: boolean;

  /** The owning project. */
  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}

/** An object of a namespace: a named group of property definitions. */
@Entity('mock_metadef_objects')
@Index('uq_mock_metadef_objects_key', ['namespaceSeq', 'nameKey'], { unique: true })
export class MockMetadefObjectEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Column({ type: 'integer' })
  namespaceSeq!: number;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 80 })
  nameKey!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The names of the properties an instance of the object must have. */
  @Column({ type: 'text', transformer: jsonTransformer })
  required!: string[];

  /** Property definitions by name, each as its JSON schema fields. */
  @Column({ type: 'text', transformer: jsonTransformer })
  properties!: Record<string, Record<string, unknown>>;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}

/** A property definition of a namespace. */
@Entity('mock_metadef_properties')
@Index('uq_mock_metadef_properties_key', ['namespaceSeq', 'nameKey'], { unique: true })
export class MockMetadefPropertyEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Column({ type: 'integer' })
  namespaceSeq!: number;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 80 })
  nameKey!: string;

  /** The definition's JSON schema fields (type, title, enum, …), without its name. */
  @Column({ type: 'text', transformer: jsonTransformer })
  schema!: Record<string, unknown>;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}

/** A tag definition of a namespace. */
@Entity('mock_metadef_tags')
@Index('uq_mock_metadef_tags_key', ['namespaceSeq', 'nameKey'], { unique: true })
export class MockMetadefTagEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Column({ type: 'integer' })
  namespaceSeq!: number;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 80 })
  nameKey!: string;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}

/**
 * A resource type (`OS::Glance::Image`, `OS::Nova::Flavor`…). The standard ones are
 * seeded, protected, as `glance-manage db load_metadefs` loads them; associating a
 * namespace with an unknown name creates an unprotected one.
 */
@Entity('mock_metadef_resource_types')
@Index('uq_mock_metadef_resource_types_name', ['name'], { unique: true })
export class MockMetadefResourceTypeEntity {
  @PrimaryGeneratedColumn('increment')
  seq!: number;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'boolean' })
  protected!: boolean;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}

/** A namespace's association with a resource type, with the prefix its properties take. */
@Entity('mock_metadef_namespace_resource_types')
@Index('idx_mock_metadef_ns_resource_types_type', ['resourceTypeSeq'])
export class MockMetadefResourceTypeAssociationEntity {
  @PrimaryColumn({ type: 'integer' })
  namespaceSeq!: number;

  @PrimaryColumn({ type: 'integer' })
  resourceTypeSeq!: number;

  @Column({ type: 'varchar', length: 80, nullable: true })
  prefix!: string | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  propertiesTarget!: string | null;

  @TimestampColumn()
  createdAt!: Date;

  @TimestampColumn()
  updatedAt!: Date;
}
