import type { Clock } from '../../common/clock/clock';
import type { CloudFlavor } from '../cloud-records';
import { SingleFlight } from '../../common/single-flight';

/** Flavors are all but immutable in Nova (no update; delete and re-create). */
const TTL_MS = 5 * 60_000;

/**
 * Recently seen flavors by id and by name. Spares one Nova request per server create
 * (the service checks the flavor first), coalesces concurrent lookups of one flavor,
 * and maps a 2.47+ server view's `original_name` back to an id.
 */
export class FlavorCache {
  private readonly byId = new Map<string, { flavor: CloudFlavor; at: number }>();
  private readonly idByName = new Map<string, string>();
  private readonly flight = new SingleFlight<string, CloudFlavor>();

  constructor(private readonly clock: Clock) {}

  remember(flavors: CloudFlavor[]): void {
    const at = this.clock.now().getTime();
    for (const flavor of flavors) {
      this.byId.set(flavor.id, { flavor, at });
      this.idByName.set(flavor.name, flavor.id);
    }
  }

  /** The cached flavor, or `load`'s result (shared by concurrent callers). */
  get(id: string, load: () => Promise<CloudFlavor>): Promise<CloudFlavor> {
    const hit = this.byId.get(id);
    if (hit && this.clock.now().getTime() - hit.at < TTL_MS) return Promise.resolve(hit.flavor);
    return this.flight.run(id, async () => {
      const flavor = await load();
      this.remember([flavor]);
      return flavor;
    });
  }

  idOf(name: string): string | undefined {
    return this.idByName.get(name);
  }
}
