import { IsOptionalField } from '../../common/http/optional-field';
import { OptionalAccessIp } from './access-ip.validator';
import { OptionalMetadata } from './metadata.validator';
import { IsServerName } from './server-name';

export class UpdateServerDto {
  /**
   * New name.
   * @example "web-1-renamed"
   */
  @IsOptionalField()
  @IsServerName()
  name?: string;

  /** Replaces the whole metadata map. */
  @OptionalMetadata({ role: 'db' })
  metadata?: Record<string, string>;

  /** A new IPv4 access address (Nova's `accessIPv4`); it cannot be removed, only changed. */
  @OptionalAccessIp(4)
  accessIPv4?: string;

  /** A new IPv6 access address (Nova's `accessIPv6`), kept compressed. */
  @OptionalAccessIp(6)
  accessIPv6?: string;
}
