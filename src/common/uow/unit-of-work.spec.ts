import type { AppConfig } from '../../config/app-config';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from '../../compute/mock/testing/mock-openstack-testing';
import { MockFlavorEntity } from '../../simulator';
import { UnitOfWork } from './unit-of-work';

describe('UnitOfWork', () => {
  let sim: MockOpenStackTesting;
  let uow: UnitOfWork;
  // Any table will do; the simulator's flavors are the simplest.
  const count = (name: string) => sim.dataSource.getRepository(MockFlavorEntity).countBy({ name });
  const insert = (id: string, name: string) =>
    sim.txHost.tx
      .getRepository(MockFlavorEntity)
      .insert({ id, name, vcpus: 1, ramMb: 1, diskGb: 1, isPublic: false });

  beforeAll(async () => {
    sim = await createMockOpenStackTesting();
    uow = new UnitOfWork(sim.txHost, { database: { type: 'sqlite' } } as AppConfig);
  });
  afterAll(() => sim.close());

  it('a failed savepoint undoes its own writes and the transaction goes on', async () => {
    await uow.transaction(async () => {
      await insert('uow-1', 'kept');
      await expect(
        uow.savepoint(async () => {
          await insert('uow-2', 'undone');
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await insert('uow-3', 'after');
    });
    expect([await count('kept'), await count('undone'), await count('after')]).toEqual([1, 0, 1]);
  });

  it('a failed transaction undoes everything, savepoints included', async () => {
    await expect(
      uow.transaction(async () => {
        await uow.savepoint(() => insert('uow-4', 'inner'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count('inner')).toBe(0);
  });

  it('refuses a savepoint outside a transaction', async () => {
    await expect(uow.savepoint(() => Promise.resolve(1))).rejects.toThrow(/transaction/);
  });
});
