import { constants, createPrivateKey, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import forge from 'node-forge';
import { PDFDocument } from 'pdf-lib';

/**
 * The installation's seal: a certificate made at first start (RSA 2048, self-signed, ten years)
 * and kept in the data directory with a link secret, so every signed PDF this installation
 * produces carries the same PAdES seal (Documenso's approach) and client links stay valid across
 * restarts. Production replaces `seal.p12` with a certificate from a trusted authority (same file,
 * same password file) to have readers show the seal as trusted, not only intact.
 */
export interface InstallationSeal {
  /** Seals a PDF (PAdES, ETSI.CAdES.detached) with the installation's certificate. */
  seal(pdf: Uint8Array, info: { reason: string; name: string; location: string; signingTime?: Date }): Promise<Uint8Array>;
  /** The key that signs client-facing links (per-document links, signer links). */
  readonly linkSecret: Uint8Array;
  /** The certificate's subject common name. */
  readonly commonName: string;
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function makeCertificate(commonName: string, password: string): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 86_400_000);
  const attrs = [
    { name: 'commonName', value: forge.util.encodeUtf8(commonName) },
    { name: 'organizationName', value: 'Echeance' },
    { name: 'countryName', value: 'FR' },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    { name: 'extKeyUsage', emailProtection: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des', friendlyName: 'echeance-seal' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2): what PKCS#1 v1.5 signs before the digest. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The PKCS#7 (adbe.pkcs7.detached) signer of the seal, @signpdf's P12Signer made for a long-lived
 * seal: the PKCS#12 is decrypted once, at opening (P12Signer decrypts it on every signature, and
 * its buffer is consumed by the first), and the RSA operation runs in Node's crypto instead of
 * forge's JavaScript (about 120 ms less per seal). forge still builds the CMS structure.
 */
class SealSigner extends Signer {
  private readonly forgeKey: forge.pki.rsa.PrivateKey;

  constructor(
    private readonly certificate: forge.pki.Certificate,
    key: forge.pki.rsa.PrivateKey,
    nodeKey: KeyObject,
  ) {
    super();
    // forge's PKCS#7 calls key.sign(md): the digest, signed with Node's RSA (PKCS#1 v1.5).
    this.forgeKey = Object.assign(Object.create(key) as forge.pki.rsa.PrivateKey, {
      sign: (md: forge.md.MessageDigest) =>
        privateEncrypt({ key: nodeKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary'),
    });
  }

  static fromP12(p12: Buffer, password: string): SealSigner {
    const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, password);
    const keyBag = forge.pki.oids.pkcs8ShroudedKeyBag!;
    const certBag = forge.pki.oids.certBag!;
    const key = parsed.getBags({ bagType: keyBag })[keyBag]?.[0]?.key as forge.pki.rsa.PrivateKey | undefined;
    if (!key) throw new Error('seal.p12 holds no private key');
    const certificate = (parsed.getBags({ bagType: certBag })[certBag] ?? [])
      .map((bag: forge.pkcs12.Bag) => bag.cert)
      .find((cert): cert is forge.pki.Certificate => cert !== undefined && (cert.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n));
    if (!certificate) throw new Error('seal.p12 holds no certificate of its private key');
    return new SealSigner(certificate, key, createPrivateKey(forge.pki.privateKeyToPem(key)));
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    p7.addCertificate(this.certificate);
    // The attributes' order matters for EU validation (as in @signpdf's P12Signer).
    p7.addSigner({
      key: this.forgeKey,
      certificate: this.certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data! },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as never },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}

/**
 * Opens the installation's seal from `<dataDir>/seal/`, creating the certificate, its password and
 * the link secret on first start. Files are written with mode 0600.
 */
export async function openInstallationSeal(dataDir: string, options: { commonName?: string } = {}): Promise<InstallationSeal> {
  const dir = join(dataDir, 'seal');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const commonName = options.commonName ?? 'Échéance — cachet de l’installation';
  let password = (await readOrNull(join(dir, 'seal-password')))?.toString('utf8');
  let p12 = await readOrNull(join(dir, 'seal.p12'));
  if (!p12 || !password) {
    password = randomBytes(24).toString('base64url');
    p12 = makeCertificate(commonName, password);
    await writeFile(join(dir, 'seal-password'), password, { mode: 0o600 });
    await writeFile(join(dir, 'seal.p12'), p12, { mode: 0o600 });
  }
  let linkSecret = await readOrNull(join(dir, 'link-secret'));
  if (!linkSecret) {
    linkSecret = randomBytes(32);
    await writeFile(join(dir, 'link-secret'), linkSecret, { mode: 0o600 });
  }
  const signer = SealSigner.fromP12(p12, password);
  return {
    linkSecret: new Uint8Array(linkSecret),
    commonName,
    async seal(pdf, info) {
      const document = await PDFDocument.load(pdf);
      pdflibAddPlaceholder({
        pdfDoc: document,
        reason: info.reason,
        contactInfo: '',
        name: info.name,
        location: info.location,
        signingTime: info.signingTime ?? new Date(),
        subFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
        appName: 'Échéance',
      });
      const withPlaceholder = await document.save({ useObjectStreams: false });
      return new Uint8Array(await new SignPdf().sign(Buffer.from(withPlaceholder), signer));
    },
  };
}
