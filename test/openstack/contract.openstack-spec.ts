import { SystemClock } from '../../src/common/clock/system-clock';
import { describeOpenStackClientContract } from '../../src/compute/openstack-client.contract';
import { RealOpenStackClient } from '../../src/compute/real/real-openstack-client';
import { CountingHttpObserver } from '../../src/compute/real/testing/counting-http-observer';
import { bootableOnLiveCloud } from './live-fixtures';
import { liveConfig } from './live-cloud';
import { createLiveNetwork } from './live-network';

const SCOPE = { projectId: 'contract-live-a' };

// The contract the simulator and the façade pass, against a real cloud: waits are real.
// The run makes a network of its own (listing, the create's network checks and a refused
// address need one); servers are not booted onto it unless OPENSTACK_TEST_BOOTS_ON_NETWORKS
// is true, since a Neutron without agents (the lab cloud's) cannot bind their ports.
describeOpenStackClientContract(
  'RealOpenStackClient against the live cloud',
  async () => {
    const requests = new CountingHttpObserver();
    const config = liveConfig().openstack!;
    const client = new RealOpenStackClient(config, new SystemClock(), requests);
    const { image, flavor, resizeFlavor } = await bootableOnLiveCloud(client, SCOPE);
    const live = await createLiveNetwork(config);
    return {
      client,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      teardown: async () => {
        process.stdout.write(
          `\ncontract on the live cloud: HTTP requests by service ${JSON.stringify(requests.byService())}\n`,
        );
        await client.onApplicationShutdown();
        await live.remove();
      },
      scope: SCOPE,
      otherScope: { projectId: 'contract-live-b' },
      activeImageId: image.id,
      flavorId: flavor.id,
      resizeFlavorId: resizeFlavor.id,
      network: live.network,
      heldAddress: live.heldAddress,
    };
  },
  { bootsOnNetworks: process.env.OPENSTACK_TEST_BOOTS_ON_NETWORKS === 'true' },
);
