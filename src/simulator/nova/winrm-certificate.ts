import { generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import type Forge from 'node-forge';

const generate = promisify(generateKeyPair);

/**
 * node-forge, loaded on the first x509 key pair: 0.9 MB of code that nothing else needs,
 * kept out of the boot (ADR 0020).
 */
async function loadForge(): Promise<typeof Forge> {
  return (await import('node-forge')).default;
}

/** The UPN of a Microsoft otherName (`szOID_NT_PRINCIPAL_NAME`). */
export const UPN_OID = '1.3.6.1.4.1.311.20.2.3';
/** How long Nova's certificates are valid: `openssl req -days 3650`. */
export const X509_VALID_DAYS = 3650;
const DAY_MS = 86_400_000;

/** What `generateNovaX509Keypair` answers: all of it goes to the client, the cert is stored. */
export interface GeneratedX509Keypair {
  /** The self-signed certificate, PEM (what Nova stores as the key pair's public key). */
  certificate: string;
  /** Base64 of a PKCS#12 holding the key and the certificate, empty password. */
  privateKey: string;
  /** SHA-1 of the certificate's DER, colon-separated lower-case hex. */
  fingerprint: string;
}

/**
 * An x509 key pair as Nova generates one for WinRM (nova/crypto.py, from `openssl req
 * -x509 -nodes -days 3650 -newkey rsa:2048 -subj /CN=<user>` and `openssl pkcs12 -export
 * -password pass:`): an RSA 2048 key; a self-signed X.509 v3 certificate, SHA-256, with
 * subject and issuer `CN=<userId>`, a random 20-byte serial, valid 10 years from now,
 * extensions extendedKeyUsage clientAuth, subjectAltName otherName UPN `<userId>@localhost`
 * and subjectKeyIdentifier (in OpenSSL's order, none critical); the private key answered as
 * base64 of a PKCS#12 (key and certificate, AES-256, empty password). The RSA key is made
 * by Node's native crypto off the event loop; forge writes the certificate and PKCS#12.
 */
export async function generateNovaX509Keypair(
  userId: string,
  now: Date = new Date(),
): Promise<GeneratedX509Keypair> {
  const [forge, { privateKey: nodeKey }] = await Promise.all([
    loadForge(),
    generate('rsa', { modulusLength: 2048 }),
  ]);
  const { asn1, pki } = forge;
  const key = pki.privateKeyFromPem(nodeKey.export({ type: 'pkcs1', format: 'pem' }).toString());

  const cert = pki.createCertificate();
  cert.publicKey = pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serialNumberHex();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = new Date(notBefore.getTime() + X509_VALID_DAYS * DAY_MS);
  // A UTF8String, as OpenSSL writes it (forge's typings call the tag type a class).
  const utf8 = asn1.Type.UTF8 as unknown as Forge.asn1.Class;
  const name = [{ name: 'commonName', value: forge.util.encodeUtf8(userId), valueTagClass: utf8 }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'extKeyUsage', clientAuth: true },
    { name: 'subjectAltName', value: upnAltNames(forge, `${userId}@localhost`) },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());

  const certificate = pki.certificateToPem(cert).replace(/\r\n/g, '\n');
  // OpenSSL 3's choices for the key (forge passes prfAlgorithm on; its MAC is SHA-1).
  const options = { algorithm: 'aes256', count: 2048, prfAlgorithm: 'sha256' } as const;
  const p12 = forge.pkcs12.toPkcs12Asn1(key, cert, '', options);
  return {
    certificate,
    privateKey: forge.util.encode64(asn1.toDer(p12).getBytes()),
    fingerprint: new X509Certificate(certificate).fingerprint.toLowerCase(),
  };
}

/** OpenSSL's serial: 159 random bits, a positive INTEGER of 20 bytes. */
function serialNumberHex(): string {
  const bytes = randomBytes(20);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/**
 * GeneralNames holding one otherName UPN, as OpenSSL's `otherName:<UPN oid>;UTF8:<upn>`
 * writes it: `[0] { type-id, [0] EXPLICIT UTF8String }` (forge writes no otherName itself).
 */
function upnAltNames(forge: typeof Forge, upn: string): Forge.asn1.Asn1 {
  const { asn1 } = forge;
  const { Class, Type } = asn1;
  return asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, [
    asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(UPN_OID).getBytes()),
      asn1.create(Class.CONTEXT_SPECIFIC, 0, true, [
        asn1.create(Class.UNIVERSAL, Type.UTF8, false, forge.util.encodeUtf8(upn)),
      ]),
    ]),
  ]);
}
