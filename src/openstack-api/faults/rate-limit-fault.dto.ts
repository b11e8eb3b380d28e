import { IsInt, Max, Min } from 'class-validator';

/** 429 Too Many Requests on the next `count` calls. */
export class RateLimitFaultDto {
  /**
   * How many calls are refused.
   * @example 2
   */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  count!: number;

  /**
   * Sent as `Retry-After`.
   * @example 1
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  retryAfterSeconds!: number;
}
