import { IsString, MaxLength } from 'class-validator';
import { IsOptionalField } from '../../common/http/optional-field';
import { IsKeypairName } from './keypair-name';

export class CreateKeypairDto {
  /**
   * Unique in your project: 1–120 characters of letters, digits, `@`, `.`, `_`, `-` and
   * spaces, not starting or ending with a space.
   * @example "ops-key"
   */
  @IsKeypairName()
  name!: string;

  /**
   * An OpenSSH public key line to import: `ssh-ed25519`, `ecdsa-sha2-nistp256/384/521`, or
   * `ssh-rsa` of at least 2048 bits. Leave it out to have a new Ed25519 key pair generated:
   * its private key is then in the response, once.
   * @example "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAKHLvUZ3pjPun7rWEeu2Hyl0dc1PFivhl7ihG2/AJ+ ops@example"
   */
  @IsOptionalField()
  @IsString()
  @MaxLength(16_384)
  publicKey?: string;
}
