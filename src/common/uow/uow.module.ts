import { Global, Module } from '@nestjs/common';
import { Lease } from './lease';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [UnitOfWork, Lease], exports: [UnitOfWork, Lease] })
export class UnitOfWorkModule {}
