import { ApiProperty } from '@nestjs/swagger';
import { SEED_CREATED_AT, SEED_IMAGES } from '../../simulator';

const EXAMPLE = SEED_IMAGES.cirros;

export class ImageDto {
  @ApiProperty({ example: EXAMPLE.id })
  id!: string;
  @ApiProperty({ example: EXAMPLE.name })
  name!: string;
  /**
   * Glance status: `queued`, `saving`, `active`, `killed`, `deleted`, ...
   */
  @ApiProperty({ example: EXAMPLE.status })
  status!: string;
  @ApiProperty({ example: EXAMPLE.minDiskGb })
  minDiskGb!: number;
  @ApiProperty({ example: EXAMPLE.minRamMb })
  minRamMb!: number;
  @ApiProperty({ type: Number, nullable: true, example: EXAMPLE.sizeBytes })
  sizeBytes!: number | null;
  @ApiProperty({ example: 'public' })
  visibility!: string;
  @ApiProperty({ example: SEED_CREATED_AT })
  createdAt!: string;
  /** Glance's disk format; null until set (images made outside this API). */
  @ApiProperty({ type: String, nullable: true, example: 'qcow2' })
  diskFormat!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'bare' })
  containerFormat!: string | null;
  /** md5 of the image data (Glance's `checksum`); null without data. */
  @ApiProperty({ type: String, nullable: true, example: '5eb63bbbe01eeed093cb22bb8f5acdc3' })
  checksum!: string | null;
  /** The algorithm of `hashValue` (Glance's `os_hash_algo`, usually `sha512`). */
  @ApiProperty({ type: String, nullable: true, example: 'sha512' })
  hashAlgo!: string | null;
  /** Hex digest of the data by `hashAlgo` (Glance's `os_hash_value`). */
  @ApiProperty({ type: String, nullable: true })
  hashValue!: string | null;
  @ApiProperty({ type: [String], example: [] })
  tags!: string[];
  /** A protected image cannot be deleted. */
  @ApiProperty({ example: false })
  protected!: boolean;
  /**
   * The project the image belongs to, which alone may upload its data and delete it;
   * null for the operator's images and those made outside this API.
   */
  @ApiProperty({ type: String, nullable: true, example: null })
  projectId!: string | null;
  /** Custom properties (Glance's extra properties), as strings. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: {} })
  properties!: Record<string, string>;
}

export class ImageListDto {
  items!: ImageDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
