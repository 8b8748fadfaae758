import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { openInstallationSeal } from '../../adapters/seal/installation-seal.ts';

/** pdfsig's report (it exits non-zero for the self-signed, untrusted issuer). */
function pdfsig(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'echeance-seal-')), 'sealed.pdf');
  writeFileSync(file, bytes);
  try {
    return execFileSync('pdfsig', [file]).toString();
  } catch (error) {
    return String((error as { stdout?: Buffer }).stdout ?? error);
  }
}

describe('the installation’s seal', () => {
  it('seals one document after another with the same seal, each reported intact by pdfsig', async () => {
    const seal = await openInstallationSeal(mkdtempSync(join(tmpdir(), 'echeance-seal-dir-')));
    const document = await PDFDocument.create();
    document.addPage().drawText('Lettre de mission');
    const pdf = await document.save();
    for (let i = 0; i < 3; i++) {
      const sealed = await seal.seal(pdf, { reason: 'Signature de la lettre de mission', name: seal.commonName, location: 'France' });
      expect(pdfsig(sealed), `seal ${i + 1}`).toContain('Signature is Valid.');
    }
  }, 60_000);
});
