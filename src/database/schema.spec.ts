import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { expectedSeedRows, seededRows } from './testing/seeded-rows';
import { MockNetworkEntity, MockSubnetEntity, SEED_NETWORKS } from '../simulator';
import { dataSourceOptions } from './data-source-options';

describe('migrations', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(
      dataSourceOptions({ database: { type: 'sqlite', path: ':memory:' } }),
    ).initialize();
    await dataSource.runMigrations();
  });

  afterAll(() => dataSource.destroy());

  it('produce exactly the schema the entities describe', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('seed flavors and at least one image the smallest flavor cannot boot', async () => {
    const flavors = await dataSource.query<{ ramMb: number; diskGb: number }[]>(
      'SELECT "ramMb", "diskGb" FROM mock_flavors ORDER BY "ramMb" ASC',
    );
    expect(flavors.length).toBeGreaterThanOrEqual(2);
    const smallest = flavors[0];
    const tooBig = await dataSource.query<unknown[]>(
      'SELECT id FROM mock_images WHERE status = \'active\' AND ("minDiskGb" > $1 OR "minRamMb" > $2)'.replace(
        /\$\d/g,
        '?',
      ),
      [smallest.diskGb, smallest.ramMb],
    );
    expect(tooBig.length).toBeGreaterThan(0);
  });

  it('seed exactly the flavors and images of the seed catalog', async () => {
    expect(await seededRows(dataSource)).toEqual(expectedSeedRows());
  });

  it('seeds the networks of the seed catalog, shared, with their subnets', async () => {
    const networks = await dataSource.getRepository(MockNetworkEntity).find();
    expect(networks.map((n) => [n.id, n.name, n.shared, n.external, n.projectId])).toEqual(
      Object.values(SEED_NETWORKS).map((n) => [n.id, n.name, true, false, 'admin']),
    );
    const subnets = await dataSource
      .getRepository(MockSubnetEntity)
      .find({ order: { ipVersion: 'ASC' } });
    const expected: unknown[] = Object.values(SEED_NETWORKS).flatMap((network) =>
      network.subnets.map((subnet): unknown =>
        expect.objectContaining({
          ...subnet,
          networkId: network.id,
          ipv6RaMode: subnet.ipv6AddressMode,
          enableDhcp: true,
          dnsNameservers: [],
        }),
      ),
    );
    expect(subnets).toEqual(expected);
  });

  it('seeds image properties as a JSON object', async () => {
    const rows = await dataSource.query<{ properties: string }[]>(
      'SELECT properties FROM mock_images',
    );
    expect(rows.map((r) => JSON.parse(r.properties) as unknown)).toEqual(rows.map(() => ({})));
  });

  it('can be reverted completely', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    const tables = await dataSource.query<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'",
    );
    expect(tables).toEqual([]);
    await dataSource.runMigrations();
  });
});
