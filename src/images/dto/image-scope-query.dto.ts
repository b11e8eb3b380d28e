import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `?projectId=` on image reads. */
export class ImageScopeQueryDto {
  /**
   * Admin keys only: read images as this project sees them (e.g. a snapshot an admin
   * took of another project's server). Member keys always see their own project's.
   * @example "team-blue"
   */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'projectId may contain letters, digits, ".", "_" and "-"',
  })
  projectId?: string;
}
