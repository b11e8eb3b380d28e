/**
 * The resource types Glance's standard metadata definitions name (the files that
 * `glance-manage db load_metadefs` loads): what a cloud whose operator loaded them lists
 * at `GET /v2/metadefs/resource_types`. Seeded protected, in this order, by migration 11.
 */
export const SEED_METADEF_RESOURCE_TYPES = [
  'OS::Glance::Image',
  'OS::Cinder::Volume',
  'OS::Nova::Flavor',
  'OS::Nova::Aggregate',
  'OS::Nova::Server',
  'OS::Trove::Instance',
] as const;
