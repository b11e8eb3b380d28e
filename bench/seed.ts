import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids';
import { ServerEntity } from '../src/servers/server.entity';
import { SEED_FLAVORS, SEED_IMAGES } from '../src/simulator';
import type { Booted } from './support';

/**
 * Grows the inventory to `total` servers: the first ones through the API (so the
 * simulator holds them too), the bulk straight into the inventory table.
 */
export async function seedServers(app: Booted, total: number): Promise<void> {
  const dataSource = app.app.get(DataSource);
  const [{ n }] = await dataSource.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM servers');
  let count = Number(n);
  while (count < Math.min(total, 200)) {
    await app.post('/api/v1/servers', {
      name: `seed-${count}`,
      imageId: SEED_IMAGES.cirros.id,
      flavorId: SEED_FLAVORS.tiny.id,
    });
    count += 1;
  }
  const template = await dataSource.getRepository(ServerEntity).findOneByOrFail({});
  const start = Date.now() - total * 1000;
  while (count < total) {
    const batch = Array.from({ length: Math.min(500, total - count) }, (_, i) => ({
      ...template,
      id: newId(),
      cloudId: null,
      name: `bulk-${count + i}`,
      createdAt: new Date(start + (count + i) * 7),
      updatedAt: new Date(start + (count + i) * 7),
    }));
    await dataSource.getRepository(ServerEntity).insert(batch);
    count += batch.length;
  }
}
