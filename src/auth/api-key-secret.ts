import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys are 256 random bits, so a single SHA-256 is enough to store them: unlike
 * passwords they cannot be guessed, and a fast hash keeps the per-request lookup cheap.
 */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newApiKeySecret(): string {
  return `vmk_${randomBytes(32).toString('base64url')}`;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
