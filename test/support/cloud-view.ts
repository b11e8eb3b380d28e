import { DataSource } from 'typeorm';
import type { CloudScope, CloudServer } from '../../src/compute/cloud-records';
import { OpenStackClient } from '../../src/compute/openstack-client';
import { ServerEntity } from '../../src/servers/server.entity';
import { SimulatedCloud } from '../../src/simulator';
import type { TestApp } from './test-app';

/**
 * The cloud's own view of an inventory server, through the port of the app that holds
 * the cloud (`t.cloudApp`: the app itself over the simulator, or the OpenStack-compatible
 * API's app behind the real client), in the project the cloud keeps it in.
 */
export async function cloudServerOf(
  t: TestApp,
  inventoryId: string,
): Promise<{ server: CloudServer; scope: CloudScope; cloudId: string }> {
  const row = await t.app.get(DataSource).getRepository(ServerEntity).findOneByOrFail({
    id: inventoryId,
  });
  const cloudId = row.cloudId!;
  const placement = await t.cloudApp.get(SimulatedCloud).serverProject(cloudId);
  const scope = { projectId: placement!.projectId };
  const server = await t.cloudApp.get(OpenStackClient).getServer(scope, cloudId);
  return { server, scope, cloudId };
}
