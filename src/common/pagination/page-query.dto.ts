import { ToStrictInt } from '../http/optional-field';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?limit=&cursor=` of every list endpoint. */
export class PageQueryDto {
  /**
   * Page size.
   * @example 50
   */
  @IsOptional()
  @ToStrictInt()
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(200)
  limit: number = 50;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
