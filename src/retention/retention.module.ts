import { Module } from '@nestjs/common';
import { SimulatorModule } from '../simulator';
import { RetentionService } from './retention.service';

@Module({
  imports: [SimulatorModule],
  providers: [RetentionService],
  exports: [RetentionService],
})
export class RetentionModule {}
