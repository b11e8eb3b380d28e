import { ApiProperty } from '@nestjs/swagger';
import { SEED_FLAVORS } from '../../simulator';

const EXAMPLE = SEED_FLAVORS.tiny;

export class FlavorDto {
  @ApiProperty({ example: EXAMPLE.id })
  id!: string;
  @ApiProperty({ example: EXAMPLE.name })
  name!: string;
  @ApiProperty({ example: EXAMPLE.vcpus })
  vcpus!: number;
  @ApiProperty({ example: EXAMPLE.ramMb })
  ramMb!: number;
  @ApiProperty({ example: EXAMPLE.diskGb })
  diskGb!: number;
}

export class FlavorListDto {
  items!: FlavorDto[];
  /** Flavors come in one page; always null. */
  nextCursor!: string | null;
}
