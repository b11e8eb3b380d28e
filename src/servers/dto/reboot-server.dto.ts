import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalField } from '../../common/http/optional-field';
import { IsIn } from 'class-validator';

export class RebootServerDto {
  /**
   * SOFT (the default) asks the guest to restart; HARD power-cycles it.
   * @example "SOFT"
   */
  @ApiPropertyOptional({ enum: ['SOFT', 'HARD'], default: 'SOFT' })
  @IsOptionalField()
  @IsIn(['SOFT', 'HARD'])
  type: 'SOFT' | 'HARD' = 'SOFT';
}
