import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Repository } from 'typeorm';
import { MockFlavorEntity } from './entities/mock-flavor.entity';
import { MockImageEntity } from './entities/mock-image.entity';
import { MockInstanceActionEntity } from './entities/mock-instance-action.entity';
import { MockKeypairEntity } from './entities/mock-keypair.entity';
import { MockServerEntity } from './entities/mock-server.entity';
import { MockNetworkEntity } from './entities/mock-network.entity';
import { MockSubnetEntity } from './entities/mock-subnet.entity';
import { MockPortEntity } from './entities/mock-port.entity';
import { MockFixedIpEntity } from './entities/mock-fixed-ip.entity';
import { MockServerTagEntity } from './entities/mock-server-tag.entity';
import { MockImageTaskEntity } from './entities/mock-image-task.entity';

/**
 * The simulator's tables, always reached through the ambient transaction's manager
 * (never `@InjectRepository`), so every query joins the caller's unit of work.
 * Getters, because the manager changes from one transaction to the next.
 */
export class SimulatorRepositories {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  get servers(): Repository<MockServerEntity> {
    return this.txHost.tx.getRepository(MockServerEntity);
  }

  get images(): Repository<MockImageEntity> {
    return this.txHost.tx.getRepository(MockImageEntity);
  }

  get flavors(): Repository<MockFlavorEntity> {
    return this.txHost.tx.getRepository(MockFlavorEntity);
  }

  get actions(): Repository<MockInstanceActionEntity> {
    return this.txHost.tx.getRepository(MockInstanceActionEntity);
  }

  get keypairs(): Repository<MockKeypairEntity> {
    return this.txHost.tx.getRepository(MockKeypairEntity);
  }

  get networks(): Repository<MockNetworkEntity> {
    return this.txHost.tx.getRepository(MockNetworkEntity);
  }

  get subnets(): Repository<MockSubnetEntity> {
    return this.txHost.tx.getRepository(MockSubnetEntity);
  }

  get ports(): Repository<MockPortEntity> {
    return this.txHost.tx.getRepository(MockPortEntity);
  }

  get fixedIps(): Repository<MockFixedIpEntity> {
    return this.txHost.tx.getRepository(MockFixedIpEntity);
  }

  get tags(): Repository<MockServerTagEntity> {
    return this.txHost.tx.getRepository(MockServerTagEntity);
  }

  get imageTasks(): Repository<MockImageTaskEntity> {
    return this.txHost.tx.getRepository(MockImageTaskEntity);
  }
}
