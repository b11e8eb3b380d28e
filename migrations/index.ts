import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { SeedSimulator1764100000001 } from './1764100000001-seed-simulator';
import { ServerIntent1764100000002 } from './1764100000002-server-intent';
import { SimulatorLifecycle1764100000003 } from './1764100000003-simulator-lifecycle';
import { ServerLock1764100000004 } from './1764100000004-server-lock';
import { Keypairs1764100000005 } from './1764100000005-keypairs';
import { Networks1764100000006 } from './1764100000006-networks';
import { ServerTags1764100000007 } from './1764100000007-server-tags';
import { RetentionIndexes1764100000008 } from './1764100000008-retention-indexes';
import { ImageData1764100000009 } from './1764100000009-image-data';
import { AccessIps1764100000010 } from './1764100000010-access-ips';
import { ServerGroupsAndMetadefs1764100000011 } from './1764100000011-server-groups-and-metadefs';
import { ReconcileMarks1764100000013 } from './1764100000013-reconcile-marks';
import { PartialDeletedIndex1764100000014 } from './1764100000014-partial-deleted-index';

/** Every migration, in order. Listed explicitly so builds and tests load the same set. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  SeedSimulator1764100000001,
  ServerIntent1764100000002,
  SimulatorLifecycle1764100000003,
  ServerLock1764100000004,
  Keypairs1764100000005,
  Networks1764100000006,
  ServerTags1764100000007,
  RetentionIndexes1764100000008,
  ImageData1764100000009,
  AccessIps1764100000010,
  ServerGroupsAndMetadefs1764100000011,
  ReconcileMarks1764100000013,
  PartialDeletedIndex1764100000014,
];
