import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsTagFilter } from './tags.validator';

export class ListServersQueryDto extends PageQueryDto {
  /**
   * Exact status.
   * @example "ACTIVE"
   */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z_]{1,32}$/, { message: 'status must be a Nova status such as ACTIVE or SHUTOFF' })
  status?: string;

  /**
   * Case-insensitive substring of the name.
   * @example "web"
   */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @IsOptional()
  @IsUUID('all', { message: 'imageId must be a UUID' })
  imageId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  flavorId?: string;

  @IsOptional()
  @IsTagFilter()
  tags?: string;

  /** Admin keys only: servers of this project. Member keys always see their own project. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  projectId?: string;
}
