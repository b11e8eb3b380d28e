import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { generateNovaX509Keypair, UPN_OID } from './winrm-certificate';

const USER = 'e2849835b1d14c9dbc90d740977bf4fe';
const NOW = new Date('2026-12-01T06:47:03.456Z');
const DAY_MS = 86_400_000;

/** What Nova answers, read back the way a client would. */
async function generated() {
  const keypair = await generateNovaX509Keypair(USER, NOW);
  const x509 = new X509Certificate(keypair.certificate);
  const cert = forge.pki.certificateFromPem(keypair.certificate);
  return { keypair, x509, cert };
}

describe('generateNovaX509Keypair (Nova x509 key pairs for WinRM)', () => {
  let made: Awaited<ReturnType<typeof generated>>;
  beforeAll(async () => {
    made = await generated();
  });

  it('makes a self-signed certificate for CN=<user id>, RSA 2048, SHA-256', () => {
    const { x509, cert, keypair } = made;
    expect(keypair.certificate).toMatch(
      /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/,
    );
    expect(x509.subject).toBe(`CN=${USER}`);
    expect(x509.issuer).toBe(`CN=${USER}`);
    expect(x509.checkIssued(x509)).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyType).toBe('rsa');
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x509.ca).toBe(false);
    expect(cert.version).toBe(2); // X.509 v3
    expect(forge.pki.oids[cert.siginfo.algorithmOid]).toBe('sha256WithRSAEncryption');
    // The CN is a UTF8String, as OpenSSL writes it.
    expect(cert.subject.getField('CN').valueTagClass).toBe(forge.asn1.Type.UTF8);
  });

  it('is valid for 3650 days from now, to the second', () => {
    const { x509 } = made;
    const from = new Date(x509.validFrom).getTime();
    const to = new Date(x509.validTo).getTime();
    expect(from).toBe(new Date('2026-12-01T06:47:03Z').getTime());
    expect(to - from).toBe(3650 * DAY_MS);
  });

  it('has a random positive 20-byte serial', async () => {
    const { x509 } = made;
    expect(x509.serialNumber).toMatch(/^[0-7][0-9A-F]{39}$/);
    const other = await generateNovaX509Keypair(USER, NOW);
    expect(new X509Certificate(other.certificate).serialNumber).not.toBe(x509.serialNumber);
  });

  it("carries Nova's extensions in OpenSSL's order: EKU clientAuth, SAN UPN <user>@localhost, SKI", () => {
    const { x509, cert } = made;
    expect(cert.extensions.map((e: { name: string }) => e.name)).toEqual([
      'extKeyUsage',
      'subjectAltName',
      'subjectKeyIdentifier',
    ]);
    expect(cert.extensions.some((e: { critical?: boolean }) => e.critical)).toBe(false);
    expect(cert.getExtension('extKeyUsage')).toMatchObject({ clientAuth: true });
    expect(x509.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // Node lists the EKU here
    expect(x509.subjectAltName).toBe(`othername:UPN:${USER}@localhost`);

    // The otherName itself: [0] { UPN oid, [0] EXPLICIT UTF8String }.
    const san = cert.getExtension('subjectAltName') as { value: string };
    const names = forge.asn1.fromDer(san.value);
    const otherName = (names.value as forge.asn1.Asn1[])[0];
    expect(otherName.tagClass).toBe(forge.asn1.Class.CONTEXT_SPECIFIC);
    expect(otherName.type).toBe(0);
    const [oid, wrapped] = otherName.value as forge.asn1.Asn1[];
    expect(forge.asn1.derToOid(oid.value as string)).toBe(UPN_OID);
    const upn = (wrapped.value as forge.asn1.Asn1[])[0];
    expect(upn.type).toBe(forge.asn1.Type.UTF8);
    expect(upn.value).toBe(`${USER}@localhost`);

    // The key identifier is SHA-1 of the subject public key (RFC 5280 method 1, OpenSSL's).
    const rsaKey = x509.publicKey.export({ type: 'pkcs1', format: 'der' });
    const ski = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    expect(ski.subjectKeyIdentifier).toBe(createHash('sha1').update(rsaKey).digest('hex'));
  });

  it("answers the certificate's SHA-1 fingerprint as Nova writes it", () => {
    const { x509, keypair } = made;
    expect(keypair.fingerprint).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){19}$/);
    expect(keypair.fingerprint).toBe(x509.fingerprint.toLowerCase());
  });

  it('answers the private key as bare base64 of a PKCS#12 (empty password) of key and certificate', () => {
    const { keypair, cert } = made;
    expect(keypair.privateKey).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const der = forge.util.decode64(keypair.privateKey);
    const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), '');
    const keyBags = p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
      forge.pki.oids.pkcs8ShroudedKeyBag
    ]!;
    const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag]!;
    expect(keyBags).toHaveLength(1);
    expect(certBags).toHaveLength(1);
    const inside = certBags[0].cert!;
    expect(forge.pki.certificateToPem(inside)).toBe(forge.pki.certificateToPem(cert));
    // The key is the certificate's: same modulus, and it signs what the certificate verifies.
    const key = keyBags[0].key as forge.pki.rsa.PrivateKey;
    const certKey = cert.publicKey as forge.pki.rsa.PublicKey;
    expect(key.n.equals(certKey.n)).toBe(true);
    const md = forge.md.sha256.create().update('winrm');
    expect(certKey.verify(md.digest().getBytes(), key.sign(md))).toBe(true);
    // A MAC guards it: another password does not open it.
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), 'secret')).toThrow(
      /MAC could not be verified/,
    );
  });
});
