import { IsOptional } from 'class-validator';
import { OptionalMetadata } from './metadata.validator';
import { IsServerName } from './server-name';

export class UpdateServerDto {
  /**
   * New name.
   * @example "web-1-renamed"
   */
  @IsOptional()
  @IsServerName()
  name?: string;

  /** Replaces the whole metadata map. */
  @OptionalMetadata({ role: 'db' })
  metadata?: Record<string, string>;
}
