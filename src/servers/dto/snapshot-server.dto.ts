import { IsServerName } from './server-name';

export class SnapshotServerDto {
  /**
   * Name of the new image.
   * @example "web-1-2026-11-26"
   */
  @IsServerName()
  name!: string;
}
