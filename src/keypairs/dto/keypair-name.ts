import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/**
 * The longest key pair name: Nova takes 255 characters, and with a real cloud this
 * service stores a project's key pairs there under a prefix of up to 133 (ADR 12).
 */
export const KEYPAIR_NAME_MAX = 120;

/**
 * Nova's key pair names (microversion 2.92): letters, digits, `@`, `.`, `_`, `-` and
 * spaces, not starting or ending with a space.
 */
export const KEYPAIR_NAME_PATTERN = /^[A-Za-z0-9@._-](?:[A-Za-z0-9@._ -]*[A-Za-z0-9@._-])?$/;

export const keypairNameMessage = (field: string) =>
  `${field} must be 1-${KEYPAIR_NAME_MAX} characters of letters, digits, '@', '.', '_', '-' ` +
  'and spaces, not starting or ending with a space';

/** The key pair name rule, for a body field (`name`, or a server's `keyName`). */
export function IsKeypairName(field = 'name') {
  const message = keypairNameMessage(field);
  return applyDecorators(
    IsString({ message }),
    Length(1, KEYPAIR_NAME_MAX, { message }),
    Matches(KEYPAIR_NAME_PATTERN, { message }),
  );
}

/** Whether a key pair name (from a URL, say) follows the rule. */
export function isKeypairName(value: string): boolean {
  return value.length <= KEYPAIR_NAME_MAX && KEYPAIR_NAME_PATTERN.test(value);
}
