import type { MetricsService } from '../metrics/metrics.service';
import { CloudError } from './cloud-errors';
import type { OpenStackClient } from './openstack-client';

const GLANCE = new Set(['listImages', 'getImage', 'createImage', 'uploadImageData', 'deleteImage']);
/** Nest lifecycle hooks an adapter may have: passed through, not counted as cloud calls. */
const LIFECYCLE = new Set([
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * Wraps a client so every call is counted and timed by service (nova/glance),
 * operation and outcome. The wrapper is transparent: same methods, same errors.
 */
export function instrumentClient(
  client: OpenStackClient,
  metrics: MetricsService,
): OpenStackClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (
        typeof value !== 'function' ||
        typeof property !== 'string' ||
        property === 'constructor' ||
        LIFECYCLE.has(property)
      ) {
        return value;
      }
      const service = GLANCE.has(property) ? 'glance' : 'nova';
      return async (...args: unknown[]) => {
        const stop = metrics.upstreamDuration.startTimer({ service, operation: property });
        try {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(
            target,
            args,
          );
          metrics.upstreamCalls.inc({ service, operation: property, outcome: 'ok' });
          return result;
        } catch (error) {
          const outcome = error instanceof CloudError ? error.kind : 'error';
          metrics.upstreamCalls.inc({ service, operation: property, outcome });
          throw error;
        } finally {
          stop();
        }
      };
    },
  });
}
