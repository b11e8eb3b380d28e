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
}

export class ImageListDto {
  items!: ImageDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
