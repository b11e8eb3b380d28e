import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

const COLUMNS = [
  // The Nova action whose task is in progress: it says which task state comes next and
  // how the task ends.
  new TableColumn({ name: 'taskAction', type: 'varchar', length: '32', isNullable: true }),
  // Nova's lock, as Nova keeps it: who locked (`owner` or `admin`, null when unlocked),
  // and why (`locked_reason`, microversion 2.73).
  new TableColumn({ name: 'lockedBy', type: 'varchar', length: '16', isNullable: true }),
  new TableColumn({ name: 'lockedReason', type: 'varchar', length: '255', isNullable: true }),
  // What a resize returns to on revert (the old flavor) and on confirm or revert (the
  // vm_state it left: active or stopped).
  new TableColumn({ name: 'priorFlavorId', type: 'varchar', length: '64', isNullable: true }),
  new TableColumn({ name: 'priorVmState', type: 'varchar', length: '16', isNullable: true }),
];

const vmState = (length: number) =>
  new TableColumn({ name: 'vmState', type: 'varchar', length: String(length) });

/** The simulated server's columns for the whole lifecycle: multi-step tasks, lock, resize. */
export class SimulatorLifecycle1764100000003 implements MigrationInterface {
  name = 'SimulatorLifecycle1764100000003';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('mock_servers', COLUMNS);
    // `shelved_offloaded` is 17 characters.
    await q.changeColumn('mock_servers', 'vmState', vmState(32));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.changeColumn('mock_servers', 'vmState', vmState(16));
    await q.dropColumns('mock_servers', COLUMNS);
  }
}
