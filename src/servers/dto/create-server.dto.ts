import { IsOptionalField } from '../../common/http/optional-field';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsKeypairName } from '../../keypairs/dto/keypair-name';
import { SEED_FLAVORS, SEED_IMAGES } from '../../simulator';
import { IsFlavorId } from './flavor-id';
import { OptionalMetadata } from './metadata.validator';
import { IsServerName } from './server-name';
import { type NetworkAttachmentDto, OptionalNetworks } from './networks.validator';
import { IsUserData } from './user-data.validator';
import { OptionalAccessIp } from './access-ip.validator';

export class CreateServerDto {
  /**
   * 1–255 characters of letters, digits, `.`, `_`, `-` and spaces.
   * @example "web-1"
   */
  @IsServerName()
  name!: string;

  /**
   * An active image visible to your project.
   */
  @ApiProperty({ example: SEED_IMAGES.cirros.id })
  @IsUUID('all', { message: 'imageId must be a UUID' })
  imageId!: string;

  /**
   * A flavor big enough for the image's minDiskGb/minRamMb.
   */
  @ApiProperty({ example: SEED_FLAVORS.tiny.id })
  @IsFlavorId()
  flavorId!: string;

  /**
   * Up to 128 string pairs; keys 1-255 characters of letters, digits, `-_:.` and spaces;
   * values up to 255 characters.
   */
  @OptionalMetadata({ role: 'web' })
  metadata?: Record<string, string>;

  /**
   * One of your project's key pairs (`/keypairs`): its public key is put in the
   * server's authorized keys.
   * @example "ops-key"
   */
  @IsOptionalField()
  @IsKeypairName('keyName')
  keyName?: string;

  /**
   * Base64 user data (cloud-init), at most 64 KiB decoded.
   * @example "I2Nsb3VkLWNvbmZpZwpwYWNrYWdlczogW25naW54XQo="
   */
  @IsOptionalField()
  @IsUserData()
  userData?: string;

  @OptionalNetworks()
  networks?: 'auto' | 'none' | NetworkAttachmentDto[];

  /**
   * An IPv4 address the server is reached at (Nova's `accessIPv4`), kept as given: the
   * cloud does not route it.
   */
  @OptionalAccessIp(4)
  accessIPv4?: string;

  /** An IPv6 address the server is reached at (Nova's `accessIPv6`), kept compressed. */
  @OptionalAccessIp(6)
  accessIPv6?: string;
}
