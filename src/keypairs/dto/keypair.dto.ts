import { ApiProperty } from '@nestjs/swagger';

/** A key pair as lists show it. */
export class KeypairSummaryDto {
  /** @example "ops-key" */
  name!: string;
  /** @example "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAKHLvUZ3pjPun7rWEeu2Hyl0dc1PFivhl7ihG2/AJ+ ops@example" */
  publicKey!: string;
  /**
   * The MD5 of the key, in colon-separated hex (Nova's fingerprint).
   * @example "58:06:22:42:af:68:ef:c9:d2:2f:0c:a9:9f:07:93:80"
   */
  fingerprint!: string;
  /**
   * `ssh` for the key pairs this API makes; `x509` only for ones made outside it.
   * @example "ssh"
   */
  @ApiProperty({ enum: ['ssh', 'x509'] })
  type!: 'ssh' | 'x509';
}

/** A key pair. */
export class KeypairDto extends KeypairSummaryDto {
  /** @example "2026-11-26T10:00:00.000Z" */
  createdAt!: string;
}

/** A key pair just made. */
export class CreatedKeypairDto extends KeypairDto {
  /**
   * Only when the key pair was generated: its private key, in OpenSSH's format. It is
   * shown this once and kept nowhere; save it (`chmod 600`) to log in with it.
   * @example "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n...\n-----END OPENSSH PRIVATE KEY-----\n"
   */
  privateKey?: string;
}

export class KeypairListDto {
  /** By name. */
  items!: KeypairSummaryDto[];
  /** Key pairs come in one page; always null. */
  nextCursor!: string | null;
}
