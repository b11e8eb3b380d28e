import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ApiKeyRole } from '../api-key.entity';

export class CreateApiKeyDto {
  /**
   * The project the key acts for.
   * @example "team-blue"
   */
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'projectId may contain letters, digits, ".", "_" and "-"',
  })
  projectId!: string;

  /**
   * `member` acts on its own project's servers; `admin` on every project's, and manages keys.
   * @example "member"
   */
  @IsIn(['member', 'admin'])
  role!: ApiKeyRole;

  /**
   * A label to recognise the key by.
   * @example "ci pipeline"
   */
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  name!: string;
}
