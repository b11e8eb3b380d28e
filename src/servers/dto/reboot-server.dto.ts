import { IsIn, IsOptional } from 'class-validator';

export class RebootServerDto {
  /**
   * SOFT asks the guest to restart; HARD power-cycles it.
   * @example "SOFT"
   */
  @IsOptional()
  @IsIn(['SOFT', 'HARD'])
  type: 'SOFT' | 'HARD' = 'SOFT';
}
