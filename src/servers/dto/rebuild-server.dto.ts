import { IsOptionalField } from '../../common/http/optional-field';
import { IsUUID } from 'class-validator';
import { OptionalMetadata } from './metadata.validator';
import { IsServerName } from './server-name';

export class RebuildServerDto {
  /**
   * The image to rebuild onto: active, visible to your project, and fitting the server's flavor.
   * @example "6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a02"
   */
  @IsUUID('all', { message: 'imageId must be a UUID' })
  imageId!: string;

  /**
   * A new name (same rules as on create).
   * @example "web-1"
   */
  @IsOptionalField()
  @IsServerName()
  name?: string;

  /** New metadata, replacing the old (same limits as on create). */
  @OptionalMetadata({ role: 'web' })
  metadata?: Record<string, string>;
}
