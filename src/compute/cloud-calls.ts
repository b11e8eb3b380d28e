import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../common/uow/unit-of-work';
import { CloudError } from './cloud-errors';
import { OpenStackClient } from './openstack-client';

/**
 * How the service layer calls the cloud. A client that joins our transactions (the
 * simulator keeps its state in our database) is called inside the unit of work; a
 * remote one is called outside any transaction, so no lock is held across the network.
 */
@Injectable()
export class CloudCalls {
  constructor(
    readonly client: OpenStackClient,
    private readonly uow: UnitOfWork,
  ) {}

  get joinsTransactions(): boolean {
    return this.client.joinsTransactions;
  }

  /**
   * Runs `fn` on the client. A client that joins transactions runs in one; when the cloud
   * refuses (a `CloudError`), what the simulator did before refusing still commits: time
   * passing (a due task settled, a deleted server's ports freed) is not undone by a 404.
   * Inside a caller's transaction the refusal is rethrown, so a savepoint around the call
   * still undoes it.
   */
  async run<T>(fn: (client: OpenStackClient) => Promise<T>): Promise<T> {
    if (!this.client.joinsTransactions) return fn(this.client);
    const outcome = await this.uow.transaction(
      async (): Promise<{ value: T } | { refused: CloudError }> => {
        try {
          return { value: await fn(this.client) };
        } catch (error) {
          if (error instanceof CloudError) return { refused: error };
          throw error;
        }
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    return outcome.value;
  }
}
