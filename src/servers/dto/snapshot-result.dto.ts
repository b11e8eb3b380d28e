export class SnapshotResultDto {
  /**
   * The new image; it appears in GET /images, `queued` until the upload finishes.
   * @example "0e7f1a3c-5b2d-4f8e-9c6a-7d1b2e3f4a5b"
   */
  imageId!: string;
}
