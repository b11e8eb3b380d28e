import { IsOptionalField } from '../../common/http/optional-field';
import { IsUUID } from 'class-validator';

export class RescueServerDto {
  /**
   * The image to boot the rescue system from; by default the server's own image.
   * @example "6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01"
   */
  @IsOptionalField()
  @IsUUID('all', { message: 'imageId must be a UUID' })
  imageId?: string;
}
