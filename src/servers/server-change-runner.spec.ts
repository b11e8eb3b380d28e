import { Errors } from '../common/errors/errors';
import { UnitOfWork } from '../common/uow/unit-of-work';
import type { AppConfig } from '../config/app-config';
import { CloudCalls } from '../compute/cloud-calls';
import { CloudConflictError } from '../compute/cloud-errors';
import {
  createMockOpenStackTesting,
  type MockOpenStackTesting,
} from '../compute/mock/testing/mock-openstack-testing';
import { MockFlavorEntity } from '../simulator';
import { IdempotencyService } from './idempotency.service';
import type { RequestContext } from './request-context';
import { ServerChangeRunner } from './server-change-runner';

/** The runner over the simulator, whose calls join our transaction. */
describe('ServerChangeRunner over a client that joins transactions', () => {
  let sim: MockOpenStackTesting;
  let runner: ServerChangeRunner;
  const ctx: RequestContext = {
    principal: { keyId: 'k', projectId: 'p', role: 'member' },
    requestId: 'req-1',
  };
  // Rows of any table mark what each stage wrote; the simulator's flavors are the simplest.
  const mark = (id: string) =>
    sim.txHost.tx
      .getRepository(MockFlavorEntity)
      .insert({ id, name: id, vcpus: 1, ramMb: 1, diskGb: 1, isPublic: false });
  const marked = async () =>
    (await sim.dataSource.getRepository(MockFlavorEntity).findBy({ isPublic: false }))
      .map((row) => row.id)
      .sort();

  beforeAll(async () => {
    sim = await createMockOpenStackTesting();
    const uow = new UnitOfWork(sim.txHost, { database: { type: 'sqlite' } } as AppConfig);
    runner = new ServerChangeRunner(
      uow,
      new CloudCalls(sim.client, uow),
      new IdempotencyService(sim.txHost, sim.clock),
    );
  });
  afterAll(() => sim.close());

  it('undoes the writes of a refused call, records the failure and keeps the intent', async () => {
    const run = runner.run(ctx, 'fp', {
      intent: () => mark('intent'),
      call: async () => {
        await mark('call');
        throw new CloudConflictError("Cannot 'stop' instance");
      },
      outcome: () => Promise.resolve({ status: 202, body: null }),
      failed: async () => void (await mark('failed')),
    });
    await expect(run).rejects.toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect(await marked()).toEqual(['failed', 'intent']);
  });

  it('undoes everything when our own code fails during the call', async () => {
    const run = runner.run(ctx, 'fp-2', {
      intent: () => mark('intent-2'),
      call: async () => {
        await mark('call-2');
        throw Errors.upstreamFailed();
      },
      outcome: () => Promise.resolve({ status: 202, body: null }),
      failed: async () => void (await mark('failed-2')),
    });
    await expect(run).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(await marked()).not.toEqual(expect.arrayContaining(['intent-2']));
    expect(await marked()).not.toEqual(expect.arrayContaining(['failed-2']));
  });
});
