import { IsOptionalField } from '../../common/http/optional-field';
import { IsIn } from 'class-validator';

export class RebootServerDto {
  /**
   * SOFT asks the guest to restart; HARD power-cycles it.
   * @example "SOFT"
   */
  @IsOptionalField()
  @IsIn(['SOFT', 'HARD'])
  type: 'SOFT' | 'HARD' = 'SOFT';
}
