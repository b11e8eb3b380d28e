import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { SEED_IMAGES } from '../../simulator';

/** Glance's image statuses. */
const IMAGE_STATUSES = [
  'queued',
  'saving',
  'active',
  'killed',
  'deleted',
  'pending_delete',
  'deactivated',
  'uploading',
  'importing',
];

export class ListImagesQueryDto extends PageQueryDto {
  /**
   * Exact image name.
   */
  @ApiPropertyOptional({ example: SEED_IMAGES.cirros.name })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  /**
   * Glance status.
   * @example "active"
   */
  @ApiPropertyOptional({ enum: IMAGE_STATUSES })
  @IsOptional()
  @IsIn(IMAGE_STATUSES)
  status?: string;

  /** Admin keys only: list the images this project sees. Member keys always see their own. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'projectId may contain letters, digits, ".", "_" and "-"',
  })
  projectId?: string;
}
