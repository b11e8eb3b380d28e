import { IsTagList } from './tags.validator';

/** A server's tags, in list order (case-insensitively sorted, as Nova lists them). */
export class ServerTagsDto {
  /** @example ["prod", "web"] */
  tags!: string[];
}

export class SetServerTagsDto {
  @IsTagList()
  tags!: string[];
}
