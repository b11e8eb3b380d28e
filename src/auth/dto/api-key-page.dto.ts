import { ApiKeyDto } from './api-key.dto';

export class ApiKeyPageDto {
  items!: ApiKeyDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor!: string | null;
}
