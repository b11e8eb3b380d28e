import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  registerDecorator,
} from 'class-validator';
import { IsOptionalField } from '../../common/http/optional-field';
import {
  GLANCE_IMAGE_ATTRIBUTES,
  IMAGE_CONTAINER_FORMATS,
  IMAGE_DISK_FORMATS,
} from '../../compute/cloud-records';

export const IMAGE_MAX_TAGS = 128;
export const IMAGE_MAX_PROPERTIES = 64;
const MAX_LENGTH = 255;

/**
 * Property keys the cloud keeps for itself: Glance's own attributes (and those it
 * reserves), `os_glance_*`, and this service's `vm-lifecycle:*`.
 */
const RESERVED_KEYS = new Set([...GLANCE_IMAGE_ATTRIBUTES, 'location', 'deleted', 'deleted_at']);

/** Why `value` is not a map of custom image properties, or null. */
export function propertiesProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'properties must be an object of string keys to string values';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > IMAGE_MAX_PROPERTIES) {
    return `properties may hold at most ${IMAGE_MAX_PROPERTIES} pairs`;
  }
  for (const [key, val] of entries) {
    const shown = JSON.stringify(key.slice(0, 64));
    if (key.trim() === '' || key.length > MAX_LENGTH) {
      return `property keys must be 1-${MAX_LENGTH} characters, not only spaces`;
    }
    if (RESERVED_KEYS.has(key) || key.startsWith('os_glance_') || key.startsWith('vm-lifecycle:')) {
      return `property ${shown} is reserved (an image attribute, os_glance_* or vm-lifecycle:*)`;
    }
    if (typeof val !== 'string') return `property ${shown} must be a string`;
    if (val.length > MAX_LENGTH) return `property ${shown} exceeds ${MAX_LENGTH} characters`;
  }
  return null;
}

function IsImageProperties() {
  return (object: object, propertyName: string | symbol): void => {
    // Keep the map as parsed (class-transformer would drop keys such as "constructor").
    Transform(({ key, obj }: { key: string; obj: Record<string, unknown> }) => obj[key], {
      toClassOnly: true,
    })(object, propertyName);
    registerDecorator({
      name: 'isImageProperties',
      target: object.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => propertiesProblem(value) === null,
        defaultMessage: (args) => propertiesProblem(args?.value) ?? 'properties are invalid',
      },
    });
  };
}

/**
 * `POST /images`: an image to register; its data comes with `PUT /images/{id}/file`.
 * Validator arguments are literals (255: Glance's string columns; 2147483647: its 32-bit
 * integers), so that the OpenAPI metadata of the build keeps them.
 */
export class CreateImageDto {
  /**
   * 1–255 characters.
   * @example "my-appliance-1.0"
   */
  @IsString()
  @Length(1, 255)
  name!: string;

  /** Glance's disk format of the data. */
  @ApiProperty({ enum: IMAGE_DISK_FORMATS, example: 'qcow2' })
  @IsIn(IMAGE_DISK_FORMATS)
  diskFormat!: string;

  /** Glance's container format (`bare` for a plain disk image). */
  @ApiProperty({ enum: IMAGE_CONTAINER_FORMATS, example: 'bare' })
  @IsIn(IMAGE_CONTAINER_FORMATS)
  containerFormat!: string;

  /** `private` (default: your project only) or `community` (every project sees it). */
  @ApiPropertyOptional({ enum: ['private', 'community'], default: 'private' })
  @IsOptionalField()
  @IsIn(['private', 'community'])
  visibility?: 'private' | 'community';

  /**
   * Root disk a server needs to boot it (GB).
   * @example 1
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  minDiskGb?: number;

  /**
   * Memory a server needs to boot it (MB).
   * @example 64
   */
  @IsOptionalField()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  minRamMb?: number;

  /** At most 128 tags of 1–255 characters; repeats count once. */
  @ApiPropertyOptional({ type: [String], maxItems: IMAGE_MAX_TAGS, example: ['appliance'] })
  @IsOptionalField()
  @IsArray()
  @ArrayMaxSize(IMAGE_MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  tags?: string[];

  /**
   * Custom properties (Glance's extra properties, e.g. `os_distro`): at most 64 string
   * pairs, keys 1–255 characters, values up to 255; not an image attribute's name,
   * `os_glance_*` or `vm-lifecycle:*`.
   */
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: MAX_LENGTH },
    maxProperties: IMAGE_MAX_PROPERTIES,
    example: { os_distro: 'ubuntu' },
  })
  @IsOptionalField()
  @IsImageProperties()
  properties?: Record<string, string>;
}
