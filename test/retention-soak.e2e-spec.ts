import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, IsNull, Not } from 'typeorm';
import { IdempotencyKeyEntity } from '../src/servers/idempotency-key.entity';
import { ServerEntity } from '../src/servers/server.entity';
import { MockServerEntity } from '../src/simulator';
import { Api, IMAGES } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

const HOUR = 3600_000;
const BATCHES = 8;
const PER_BATCH = 25;

// Bounded data under steady load: servers are created (each with an Idempotency-Key) and
// deleted, batch after batch, on a SQLite file, with the retention pass on its timer. Once
// the first batches have been pruned, their pages are reused: the second half of the run
// does not grow the database at all. With RETENTION_INTERVAL_MS=0 it grows with every
// batch (about 3.5 KB per create → delete).
describe('Retention soak: steady create → delete keeps the SQLite file from growing', () => {
  let dir: string;
  let t: TestApp;
  let api: Api;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vm-soak-'));
    t = await createTestApp({
      // A file (not :memory:) on SQLite and the simulator, whatever the suite's mode.
      DATABASE_TYPE: 'sqlite',
      DATABASE_PATH: join(dir, 'soak.sqlite'),
      USE_MOCK_OPENSTACK: 'true',
      RETENTION_INTERVAL_MS: '25',
      RETENTION_DELETED_HOURS: '1',
    });
    api = new Api(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => t.app.get(DataSource);
  const scalar = async (sql: string) =>
    Number(Object.values((await db().query<Record<string, unknown>[]>(sql))[0])[0]);

  /** Rows that retention removes once old enough: deleted servers and idempotency keys. */
  const prunable = async () =>
    (await db()
      .getRepository(ServerEntity)
      .countBy({ deletedAt: Not(IsNull()) })) +
    (await db().getRepository(IdempotencyKeyEntity).count()) +
    (await db().getRepository(MockServerEntity).countBy({ deleted: true }));

  /** Waits (a bounded time) for the retention timer to have removed every prunable row. */
  async function drained(): Promise<void> {
    for (let waited = 0; waited < 1_000 && (await prunable()) > 0; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it(`reuses the pages of pruned rows: ${BATCHES} batches of ${PER_BATCH}`, async () => {
    const pages: number[] = [];
    for (let batch = 0; batch < BATCHES; batch++) {
      for (let i = 0; i < PER_BATCH; i++) {
        const res = await api
          .post('/servers', { name: `soak-${batch}-${i}`, imageId: IMAGES.cirros, flavorId: '1' })
          .set('idempotency-key', `soak-${batch}-${i}`);
        expect(res.status).toBe(202);
        expect((await api.delete(`/servers/${(res.body as { id: string }).id}`)).status).toBe(202);
      }
      // The reconciler sees the deletions through (the suite drives its ticks).
      await t.reconciler.tick();
      // A day later: the batch's servers are past the retention and its keys have expired.
      t.clock.advance(25 * HOUR);
      await drained();
      pages.push(await scalar('PRAGMA page_count'));
    }
    const half = BATCHES / 2;
    // The file holds what one batch needs at most, not what every batch left.
    expect({ pages: pages.slice(half), prunable: await prunable() }).toEqual({
      pages: pages.slice(half).map(() => pages[half - 1]),
      prunable: 0,
    });
    // Those pages are the file, once the write-ahead log is folded into it.
    await db().query('PRAGMA wal_checkpoint(TRUNCATE)');
    const pageSize = await scalar('PRAGMA page_size');
    expect(statSync(join(dir, 'soak.sqlite')).size).toBe(pages[BATCHES - 1] * pageSize);
  }, 60_000);
});
