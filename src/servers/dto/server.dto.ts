import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { SEED_FLAVORS, SEED_IMAGES } from '../../simulator';

export class ServerFaultDto {
  /** @example 500 */
  code!: number;
  /** @example "Build of instance failed: no valid host was found" */
  message!: string;
}

export class ServerAddressDto {
  /** @example "10.0.0.5" */
  address!: string;
  /** @example 4 */
  @ApiProperty({ enum: [4, 6] })
  version!: 4 | 6;
  /**
   * `fixed`: given to the server's port on its network; `floating`: a public address
   * routed to it.
   * @example "fixed"
   */
  @ApiProperty({ enum: ['fixed', 'floating'] })
  type!: 'fixed' | 'floating';
}

@ApiExtraModels(ServerAddressDto)
export class ServerDto {
  /** @example "0b8a5c1e-2f5e-4d55-9b0e-1a2b3c4d5e6f" */
  id!: string;
  /** @example "web-1" */
  name!: string;
  /** @example "team-blue" */
  projectId!: string;
  /**
   * Nova's status, raw (every status Nova has; this API's actions produce all but
   * `MIGRATING`, `PASSWORD`, `SOFT_DELETED` and `UNKNOWN`).
   */
  @ApiProperty({
    example: 'ACTIVE',
    enum: [
      'BUILD',
      'ACTIVE',
      'SHUTOFF',
      'REBOOT',
      'HARD_REBOOT',
      'PAUSED',
      'SUSPENDED',
      'RESCUE',
      'RESIZE',
      'VERIFY_RESIZE',
      'REVERT_RESIZE',
      'REBUILD',
      'SHELVED',
      'SHELVED_OFFLOADED',
      'MIGRATING',
      'PASSWORD',
      'SOFT_DELETED',
      'UNKNOWN',
      'ERROR',
      'DELETED',
    ],
  })
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
    // A settled ACTIVE server: no task, no fault.
    example: null,
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
  /**
   * The server's addresses by network name, as the cloud last reported them; `{}` for a
   * server on no network (or not yet plugged in).
   */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: getSchemaPath(ServerAddressDto) } },
    example: {
      private: [
        { address: '10.0.0.5', version: 4, type: 'fixed' },
        { address: 'fd4e:5a1c:77b0:0:f816:3eff:fe5c:1a2b', version: 6, type: 'fixed' },
      ],
    },
  })
  addresses!: Record<string, ServerAddressDto[]>;
  /** Set when status is ERROR. */
  @ApiProperty({ type: ServerFaultDto, nullable: true, example: null })
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
  /**
   * The key pair the server was created with (its public key is in the server's
   * authorized keys), or null.
   * @example "ops-key"
   */
  @ApiProperty({ type: String, nullable: true })
  keyName!: string | null;
  /** The IPv4 address the server is reached at (Nova's `accessIPv4`), or null when none was given. */
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.10' })
  accessIPv4!: string | null;
  /** The IPv6 access address (Nova's `accessIPv6`, compressed), or null. */
  @ApiProperty({ type: String, nullable: true, example: null })
  accessIPv6!: string | null;
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
