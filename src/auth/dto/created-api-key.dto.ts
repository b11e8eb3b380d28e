import { ApiKeyDto } from './api-key.dto';

/** A newly minted key. `key` is shown this once; only its hash is stored. */
export class CreatedApiKeyDto extends ApiKeyDto {
  /** @example "vmk_Jr2p6mS2q0xq8F3y0mWcS1yq4nV9kPpU8tT2bDq3l7A" */
  key!: string;
}
