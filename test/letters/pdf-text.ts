import { execFileSync } from 'node:child_process';

/** The text of a PDF as poppler's `pdftotext` reads it (layout off, whitespace collapsed to single spaces). */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8').replace(/\s+/g, ' ');
}
