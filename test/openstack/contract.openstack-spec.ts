import { SystemClock } from '../../src/common/clock/system-clock';
import { describeOpenStackClientContract } from '../../src/compute/openstack-client.contract';
import { RealOpenStackClient } from '../../src/compute/real/real-openstack-client';
import { CountingHttpObserver } from '../../src/compute/real/testing/counting-http-observer';
import { bootableOnLiveCloud } from './live-fixtures';
import { liveConfig } from './live-cloud';

const SCOPE = { projectId: 'contract-live-a' };

// The contract the simulator and the façade pass, against a real cloud: waits are real.
describeOpenStackClientContract('RealOpenStackClient against the live cloud', async () => {
  const requests = new CountingHttpObserver();
  const client = new RealOpenStackClient(liveConfig().openstack!, new SystemClock(), requests);
  const { image, flavor, resizeFlavor } = await bootableOnLiveCloud(client, SCOPE);
  return {
    client,
    advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    teardown: async () => {
      process.stdout.write(
        `\ncontract on the live cloud: HTTP requests by service ${JSON.stringify(requests.byService())}\n`,
      );
      await client.onApplicationShutdown();
    },
    scope: SCOPE,
    otherScope: { projectId: 'contract-live-b' },
    activeImageId: image.id,
    flavorId: flavor.id,
    resizeFlavorId: resizeFlavor.id,
  };
});
