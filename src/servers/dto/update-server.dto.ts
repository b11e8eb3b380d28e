import { IsOptionalField } from '../../common/http/optional-field';
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
}
