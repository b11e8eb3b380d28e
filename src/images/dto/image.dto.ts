import { ApiProperty } from '@nestjs/swagger';

export class ImageDto {
  /** @example "6b1f4a1e-0c55-4f44-9a53-3c7a0f2b1a01" */
  id!: string;
  /** @example "cirros-0.6.2" */
  name!: string;
  /**
   * Glance status: `queued`, `saving`, `active`, `killed`, `deleted`, ...
   * @example "active"
   */
  status!: string;
  /** @example 1 */
  minDiskGb!: number;
  /** @example 64 */
  minRamMb!: number;
  @ApiProperty({ type: Number, nullable: true, example: 21430272 })
  sizeBytes!: number | null;
  /** @example "public" */
  visibility!: string;
  /** @example "2026-01-01T00:00:00.000Z" */
  createdAt!: string;
}

export class ImageListDto {
  items!: ImageDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
