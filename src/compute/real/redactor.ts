const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;
/** Long runs of token alphabet (Fernet/JWT/PKI tokens, secrets); UUIDs and ids are shorter. */
const TOKEN_PATTERN = /[A-Za-z0-9_\-+/=.]{64,}/g;
const MAX_LENGTH = 300;

/**
 * Makes upstream text safe to put in an error message: no URLs (they name internal
 * hosts), no token-like strings, none of the client's own secrets, bounded length.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Adds a value that must never appear (a password, a secret, a token). */
  remember(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  clean(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    out = out.replace(URL_PATTERN, '[url]').replace(TOKEN_PATTERN, '[redacted]');
    out = out.replace(/\s+/g, ' ').trim();
    return out.length > MAX_LENGTH ? `${out.slice(0, MAX_LENGTH - 1)}…` : out;
  }
}
