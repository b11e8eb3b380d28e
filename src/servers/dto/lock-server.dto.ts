import { IsOptionalField } from '../../common/http/optional-field';
import { IsString, MaxLength } from 'class-validator';

export class LockServerDto {
  /**
   * Why the server is locked (kept in the cloud where it takes a reason).
   * @example "quarterly audit"
   */
  @IsOptionalField()
  @IsString()
  @MaxLength(255)
  reason?: string;
}
