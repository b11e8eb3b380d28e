import { ToStrictInt } from '../../common/http/optional-field';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ConsoleQueryDto {
  /**
   * Only the last `lines` lines of the log (1–10000); the whole log without.
   * @example 50
   */
  @IsOptional()
  @ToStrictInt()
  @IsInt({ message: 'lines must be an integer' })
  @Min(1)
  @Max(10_000)
  lines?: number;
}
