import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../common/uow/unit-of-work';
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

  run<T>(fn: (client: OpenStackClient) => Promise<T>): Promise<T> {
    return this.client.joinsTransactions
      ? this.uow.transaction(() => fn(this.client))
      : fn(this.client);
  }
}
