import { Module } from '@nestjs/common';
import { KeypairsController } from './keypairs.controller';
import { KeypairsService } from './keypairs.service';

@Module({ controllers: [KeypairsController], providers: [KeypairsService] })
export class KeypairsModule {}
