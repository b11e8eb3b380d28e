import { ApiProperty } from '@nestjs/swagger';

export class ServerActionDto {
  /** @example "5d1c3e2a-7b8f-4a6e-9d0c-1b2a3c4d5e6f" */
  id!: string;
  @ApiProperty({
    enum: [
      'create',
      'start',
      'stop',
      'reboot',
      'snapshot',
      'delete',
      'update',
      'set-tags',
      'add-tag',
      'remove-tag',
    ],
    example: 'stop',
  })
  action!: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'], example: 'succeeded' })
  status!: string;
  /**
   * The X-Request-Id of the request that asked for it.
   * @example "8c5b2a1e-4d3f-4e6a-9b7c-0d1e2f3a4b5c"
   */
  requestId!: string;
  /** @example "team-blue" */
  projectId!: string;
  /** @example "2026-11-26T10:00:00.000Z" */
  startedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-26T10:00:01.000Z' })
  finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  error!: string | null;
}

export class ServerActionPageDto {
  items!: ServerActionDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
