import { TokenCodec, type TokenClaims } from './token-codec';

const CLAIMS: TokenClaims = {
  keyId: '0190a4c2-0000-7000-8000-000000000001',
  projectId: 'demo',
  role: 'member',
  userName: 'alice',
  methods: ['password'],
  auditId: 'abcdefghijklmnopqrstuv',
  issuedAt: new Date('2030-01-01T00:00:00.000Z'),
  expiresAt: new Date('2030-01-01T01:00:00.000Z'),
};

describe('TokenCodec', () => {
  const codec = new TokenCodec('admin-key-of-this-deployment-0123456789');

  it('round-trips the claims through an opaque token', () => {
    const token = codec.encode(CLAIMS);
    expect(token).toMatch(/^vmos1\.[\w-]+\.[\w-]{43}$/);
    expect(token).not.toContain('alice');
    expect(codec.decode(token)).toEqual(CLAIMS);
  });

  it('is verified by any codec with the same secret (another replica), and no other', () => {
    const token = codec.encode(CLAIMS);
    expect(new TokenCodec('admin-key-of-this-deployment-0123456789').decode(token)).toEqual(CLAIMS);
    expect(new TokenCodec('another-admin-key-0123456789012345678').decode(token)).toBeNull();
  });

  it('refuses tampered, truncated or foreign tokens', () => {
    const [prefix, claims, signature] = codec.encode(CLAIMS).split('.');
    const admin = Buffer.from(
      Buffer.from(claims, 'base64url').toString().replace('"member"', '"admin"'),
    ).toString('base64url');
    for (const bad of [
      `${prefix}.${admin}.${signature}`,
      `${prefix}.${claims}`,
      `${prefix}.${claims}.${signature}x`,
      `gAAAAA.${claims}.${signature}`,
      '',
      'vmos1..',
    ]) {
      expect(codec.decode(bad)).toBeNull();
    }
  });
});
