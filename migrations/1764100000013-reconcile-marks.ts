import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * `reconcile_marks`: for each project with servers, when the reconciler last asked the
 * cloud what changed there. Shared by every replica, so a project is asked once per tick
 * whichever replica ticks, and the next question starts where the last one ended. Seeded
 * with the projects that have live servers now.
 */
export class ReconcileMarks1764100000013 implements MigrationInterface {
  name = 'ReconcileMarks1764100000013';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'reconcile_marks',
        columns: [
          { name: 'projectId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'checkedAt', type: 'varchar', length: '24', isNullable: false },
        ],
      }),
    );
    const marks = q.connection.driver.escape('reconcile_marks');
    const servers = q.connection.driver.escape('servers');
    const projectId = q.connection.driver.escape('projectId');
    const deletedAt = q.connection.driver.escape('deletedAt');
    const checkedAt = q.connection.driver.escape('checkedAt');
    await q.query(
      `INSERT INTO ${marks} (${projectId}, ${checkedAt}) ` +
        `SELECT DISTINCT ${projectId}, '${new Date().toISOString()}' FROM ${servers} ` +
        `WHERE ${deletedAt} IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reconcile_marks');
  }
}
