import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRole } from '../../auth/api-key.entity';

/** What a token says about its bearer. Nothing is stored: the token carries it, signed. */
export interface TokenClaims {
  keyId: string;
  projectId: string;
  role: ApiKeyRole;
  /** The user name the client authenticated with (echoed in token bodies). */
  userName: string;
  /** Keystone auth methods used, e.g. `["password"]`. */
  methods: string[];
  auditId: string;
  issuedAt: Date;
  expiresAt: Date;
}

interface WireClaims {
  k: string;
  p: string;
  r: ApiKeyRole;
  u: string;
  m: string[];
  a: string;
  i: number;
  e: number;
}

const PREFIX = 'vmos1';
const LABEL = 'vm-lifecycle/openstack-api/token/v1';

/**
 * Opaque, stateless Keystone tokens: `vmos1.<claims>.<HMAC-SHA256>`, base64url. The HMAC
 * key is derived (HKDF) from the admin API key with a label of its own, so every replica
 * with the same configuration verifies every token, rotating the admin key invalidates
 * them all, and the admin key itself is never used as a MAC key for anything else.
 */
export class TokenCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, '', LABEL, 32));
  }

  encode(claims: TokenClaims): string {
    const wire: WireClaims = {
      k: claims.keyId,
      p: claims.projectId,
      r: claims.role,
      u: claims.userName,
      m: claims.methods,
      a: claims.auditId,
      i: claims.issuedAt.getTime(),
      e: claims.expiresAt.getTime(),
    };
    const body = `${PREFIX}.${Buffer.from(JSON.stringify(wire)).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  /** The claims of an authentic token (expired or not), or null for anything else. */
  decode(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX || token.length > 2048) return null;
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2], 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const w = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as WireClaims;
      return {
        keyId: w.k,
        projectId: w.p,
        role: w.r,
        userName: w.u,
        methods: w.m,
        auditId: w.a,
        issuedAt: new Date(w.i),
        expiresAt: new Date(w.e),
      };
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
