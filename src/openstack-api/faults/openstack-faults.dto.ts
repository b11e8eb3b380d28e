import type { OpenStackService } from './openstack-faults';
import { RateLimitFaultDto } from './rate-limit-fault.dto';

/** The faults in force in this process, with what is left of the counted ones. */
export class OpenStackFaultsDto {
  /**
   * Token lifetime override; null when the configured TTL applies.
   * @example null
   */
  tokenTtlSeconds!: number | null;
  /** @example 0 */
  unauthorized!: number;
  /** @example 0 */
  unavailable!: number;
  /** Remaining 429s, or null. */
  rateLimited!: RateLimitFaultDto | null;
  /** @example 0 */
  latencyMs!: number;
  /** @example 0 */
  dropConnections!: number;
  /**
   * Services the faults hit.
   * @example ["compute", "image"]
   */
  services!: OpenStackService[];
}
