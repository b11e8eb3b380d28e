import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { IsOptionalField } from '../../common/http/optional-field';
import { OPENSTACK_SERVICES, type OpenStackService } from './openstack-faults';
import { RateLimitFaultDto } from './rate-limit-fault.dto';

/**
 * Faults for the OpenStack-compatible API. A PUT replaces all of them: an omitted field
 * means "no such fault". Counted faults apply to the next n API calls (not version
 * documents) of `services`.
 */
export class SetOpenStackFaultsDto {
  /**
   * Lifetime of tokens issued from now on, overriding OPENSTACK_API_TOKEN_TTL_SECONDS.
   * @example 60
   */
  @IsOptionalField()
  @IsInt()
  @Min(1)
  @Max(604_800) // 7 days
  tokenTtlSeconds?: number;

  /**
   * Answer 401 (as for an expired token) to the next n calls.
   * @example 1
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  unauthorized?: number;

  /**
   * Answer 503 Service Unavailable to the next n calls.
   * @example 2
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  unavailable?: number;

  /** Answer 429 with `Retry-After` to the next `count` calls. */
  @IsOptionalField()
  @ValidateNested()
  @Type(() => RateLimitFaultDto)
  rateLimited?: RateLimitFaultDto;

  /**
   * Delay, in wall-clock milliseconds, added to every response of `services`.
   * @example 250
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  /**
   * Close the connection without any response on the next n calls.
   * @example 1
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  dropConnections?: number;

  /**
   * Which services the faults hit; default `["compute", "image"]`.
   * @example ["compute", "image"]
   */
  @IsOptionalField()
  @IsArray()
  @ArrayUnique()
  @IsIn(OPENSTACK_SERVICES, { each: true })
  services?: OpenStackService[];
}
