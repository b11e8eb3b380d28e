import { ServerDto } from './server.dto';

export class ServerPageDto {
  items!: ServerDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
