import { ApiProperty } from '@nestjs/swagger';
import { SEED_FLAVORS, SEED_IMAGES } from '../../simulator';

export class ServerFaultDto {
  /** @example 500 */
  code!: number;
  /** @example "Build of instance failed: no valid host was found" */
  message!: string;
}

export class ServerDto {
  /** @example "0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f" */
  id!: string;
  /** @example "web-1" */
  name!: string;
  /** @example "team-blue" */
  projectId!: string;
  /**
   * Nova's status, raw.
   * @example "ACTIVE"
   */
  status!: string;
  /**
   * The task in progress, or null.
   * @example null
   */
  @ApiProperty({
    type: String,
    nullable: true,
    enum: [
      'scheduling',
      'spawning',
      'powering-off',
      'powering-on',
      'rebooting',
      'rebooting_hard',
      'image_snapshot',
      'deleting',
      'pausing',
      'unpausing',
      'suspending',
      'resuming',
      'rescuing',
      'unrescuing',
      'shelving',
      'shelving_image_pending_upload',
      'shelving_image_uploading',
      'shelving_offloading',
      'unshelving',
      'resize_prep',
      'resize_migrating',
      'resize_migrated',
      'resize_finish',
      'resize_confirming',
      'resize_reverting',
      'rebuilding',
      'rebuild_block_device_mapping',
      'rebuild_spawning',
    ],
  })
  taskState!: string | null;
  @ApiProperty({ example: SEED_FLAVORS.tiny.id })
  flavorId!: string;
  @ApiProperty({ example: SEED_IMAGES.cirros.id })
  imageId!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { role: 'web' },
  })
  metadata!: Record<string, string>;
  /** Set when status is ERROR. */
  @ApiProperty({ type: ServerFaultDto, nullable: true })
  fault!: ServerFaultDto | null;
  /**
   * The server's tags (Nova's server tags), sorted case-insensitively.
   * @example ["prod", "web"]
   */
  tags!: string[];
  /**
   * Locked: member keys can neither act on it, change nor delete it (409 SERVER_LOCKED);
   * admin keys can.
   * @example false
   */
  locked!: boolean;
  /** @example "2026-11-26T10:00:00.000Z" */
  createdAt!: string;
  /** @example "2026-11-26T10:00:02.000Z" */
  updatedAt!: string;
  /**
   * When the server first became ACTIVE.
   * @example "2026-11-26T10:00:02.000Z"
   */
  @ApiProperty({ type: String, nullable: true })
  launchedAt!: string | null;
}
