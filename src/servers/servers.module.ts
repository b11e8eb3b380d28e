import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { ServerChangeRunner } from './server-change-runner';
import { ImageChecks } from './image-checks';
import { NetworkChecks } from './network-checks';
import { ReconcileMarks } from './reconcile-marks';
import { RefreshGate } from './refresh-gate';
import { ServerReader } from './server-reader';
import { ServerReconciler } from './server-reconciler';
import { ServerStore } from './server-store';
import { ServerSync } from './server-sync';
import { ServersController } from './servers.controller';
import { ServerActionsService } from './server-actions.service';
import { ServerEditsService } from './server-edits.service';
import { ServersService } from './servers.service';

@Module({
  controllers: [ServersController],
  providers: [
    ServersService,
    ServerActionsService,
    ServerEditsService,
    ServerStore,
    ServerSync,
    ServerReader,
    ServerReconciler,
    ReconcileMarks,
    RefreshGate,
    IdempotencyService,
    ServerChangeRunner,
    ImageChecks,
    NetworkChecks,
  ],
  exports: [ServerReconciler, ServerStore],
})
export class ServersModule {}
