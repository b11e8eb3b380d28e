import { IsFlavorId } from './flavor-id';

export class ResizeServerDto {
  /**
   * The flavor to resize to; it must differ from the server's.
   * @example "2"
   */
  @IsFlavorId()
  flavorId!: string;
}
