import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
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
      // A signer per seal: P12Signer parses its certificate from a forge buffer that the parse
      // consumes, so a second sign() with the same signer fails ("Too few bytes to parse DER").
      const signer = new P12Signer(p12, { passphrase: password });
      return new Uint8Array(await new SignPdf().sign(Buffer.from(withPlaceholder), signer));
    },
  };
}
