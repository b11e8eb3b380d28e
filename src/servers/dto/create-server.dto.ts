import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsFlavorId } from './flavor-id';
import { IsMetadata } from './metadata.validator';
import { IsServerName } from './server-name';
import { IsUserData } from './user-data.validator';

export class CreateServerDto {
  /**
   * 1–255 characters of letters, digits, `.`, `_`, `-` and spaces.
   * @example "web-1"
   */
  @IsServerName()
  name!: string;

  /**
   * An active image visible to your project.
   * @example "6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01"
   */
  @IsUUID('all', { message: 'imageId must be a UUID' })
  imageId!: string;

  /**
   * A flavor big enough for the image's minDiskGb/minRamMb.
   * @example "1"
   */
  @IsFlavorId()
  flavorId!: string;

  /** Up to 128 string pairs; keys and values up to 255 characters. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 255 },
    maxProperties: 128,
    example: { role: 'web' },
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;

  /**
   * Name of a key pair registered in the cloud.
   * @example "ops-key"
   */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  keyName?: string;

  /**
   * Base64 user data (cloud-init), at most 64 KiB decoded.
   * @example "I2Nsb3VkLWNvbmZpZwpwYWNrYWdlczogW25naW54XQo="
   */
  @IsOptional()
  @IsUserData()
  userData?: string;
}
