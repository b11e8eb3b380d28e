import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsMetadata } from './metadata.validator';
import { IsServerName } from './server-name';

export class UpdateServerDto {
  /**
   * New name.
   * @example "web-1-renamed"
   */
  @IsOptional()
  @IsServerName()
  name?: string;

  /** Replaces the whole metadata map. */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 255 },
    maxProperties: 128,
    example: { role: 'db' },
  })
  @IsOptional()
  @IsMetadata()
  metadata?: Record<string, string>;
}
