import { startOpenStackCloud } from '../../../test/support/openstack-cloud';
import { describeOpenStackClientContract } from '../openstack-client.contract';
import { SEED_NETWORKS } from '../../simulator';
import { FACADE_IMAGE_ID, facadeClient } from './testing/facade-client';

// The same contract the simulator passes, through HTTP: Keystone, Nova and Glance as
// served by the app's OpenStack-compatible API over its simulator.
for (const latencyMs of [0, 1500]) {
  describeOpenStackClientContract(
    `RealOpenStackClient against the OpenStack-compatible API, latency ${latencyMs} ms`,
    async () => {
      const cloud = await startOpenStackCloud({ MOCK_OPENSTACK_LATENCY_MS: String(latencyMs) });
      const { client } = facadeClient(cloud);
      return {
        client,
        advance: (ms) => Promise.resolve(cloud.clock.advance(ms)),
        teardown: async () => {
          await client.onApplicationShutdown();
          await cloud.close();
        },
        // Two service projects behind the client's one cloud credential.
        scope: { projectId: 'team-blue' },
        otherScope: { projectId: 'team-red' },
        activeImageId: FACADE_IMAGE_ID,
        flavorId: '1',
        resizeFlavorId: '2',
        network: SEED_NETWORKS.private,
      };
    },
  );
}
