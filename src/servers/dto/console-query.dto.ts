import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ConsoleQueryDto {
  /**
   * Only the last `lines` lines of the log (1–10000); the whole log without.
   * @example 50
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'lines must be an integer' })
  @Min(1)
  @Max(10_000)
  lines?: number;
}
