export class FlavorDto {
  /** @example "1" */
  id!: string;
  /** @example "m1.tiny" */
  name!: string;
  /** @example 1 */
  vcpus!: number;
  /** @example 512 */
  ramMb!: number;
  /** @example 1 */
  diskGb!: number;
}

export class FlavorListDto {
  items!: FlavorDto[];
  /** Flavors come in one page; always null. */
  nextCursor!: string | null;
}
