import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChromiumPdfRenderer } from '../../../adapters/pdf/chromium-pdf-renderer.ts';
import { loadDocumentFontCss } from '../../../adapters/pdf/document-fonts.ts';
import { DEFAULT_CHROMIUM_PATH, PdfRendererUnavailableError } from '../../../adapters/pdf/pdf-renderer.ts';
import { sampleEngagementLetter } from '../../../domain/templates/sample-engagement-letter.ts';

const run = promisify(execFile);

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const chromiumPath = DEFAULT_CHROMIUM_PATH;
const hasChromium = executable(chromiumPath);
const hasPoppler = executable('/usr/bin/pdftotext');
if (!hasChromium) console.warn(`Skipping the local Chromium PDF tests: no executable at ${chromiumPath} (apt-get install chromium).`);
if (!hasPoppler) console.warn('Skipping the pdftotext read-back test: poppler-utils is not installed (apt-get install poppler-utils).');

async function pdfToText(pdf: Uint8Array): Promise<{ text: string; info: string; fonts: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'echeance-pdf-'));
  const file = join(dir, 'letter.pdf');
  await writeFile(file, pdf);
  const [text, info, fonts] = await Promise.all([
    run('pdftotext', ['-layout', file, '-']),
    run('pdfinfo', [file]),
    run('pdffonts', [file]),
  ]);
  // Chromium keeps French typography's no-break spaces; compare with plain ones, across line wraps.
  return { text: text.stdout.replace(/[\u00a0\u202f\s]+/g, ' '), info: info.stdout, fonts: fonts.stdout };
}

describe('ChromiumPdfRenderer', () => {
  let renderer: ChromiumPdfRenderer | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await renderer?.close();
    renderer = undefined;
  });

  it.skipIf(!hasChromium || !hasPoppler)('prints the French engagement letter so that pdftotext reads back accents, euros and the fee table', async () => {
    renderer = new ChromiumPdfRenderer({ executablePath: chromiumPath });
    const { css } = await loadDocumentFontCss();
    const letter = await sampleEngagementLetter({ fontFaceCss: css });

    const pdf = await renderer.render(letter.html, { headerHtml: letter.headerHtml, footerHtml: letter.footerHtml });

    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const { text, info, fonts } = await pdfToText(pdf);
    expect(info).toMatch(/Page size:\s+595\.92 x 842\.88 pts \(A4\)/);
    expect(text).toContain('Lettre de mission');
    expect(text).toContain('À l’attention de Madame Élodie Hébert');
    expect(text).toContain('présentation des comptes annuels');
    expect(text).toContain('« le client »');
    expect(text).toMatch(/Tenue de la comptabilité\s+Mensuelle\s+250,00 €\s+3 000,00 €/);
    expect(text).toMatch(/Total annuel TTC\s+5 616,00 € TTC/);
    expect(text).toContain('indemnité forfaitaire de 40 €');
    expect(text).toContain('TVA intracommunautaire : FR 40 552 100 554');
    expect(text).toMatch(/Page 1 \/ \d/);
    // The embedded "Document Sans" is Liberation Sans; the PDF carries its subset.
    expect(fonts).toMatch(/LiberationSans\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it.skipIf(!hasChromium)('keeps one warm browser and at most poolSize pages across concurrent renders', async () => {
    const launch = vi.spyOn(chromium, 'launch');
    renderer = new ChromiumPdfRenderer({ executablePath: chromiumPath, poolSize: 2 });
    const html = '<!doctype html><meta charset="utf-8"><p>Échéance n° 1 — 12,50 €</p>';

    await renderer.render(html);
    await Promise.all(Array.from({ length: 6 }, () => renderer!.render(html)));

    expect(launch).toHaveBeenCalledTimes(1);
    const browser = (await launch.mock.results[0]!.value) as Browser;
    expect(browser.contexts()[0]!.pages().length).toBeLessThanOrEqual(2);
  });

  it.skipIf(!hasChromium)('relaunches the browser on the next render when it has died', async () => {
    const launch = vi.spyOn(chromium, 'launch');
    renderer = new ChromiumPdfRenderer({ executablePath: chromiumPath });
    await renderer.render('<p>avant</p>');
    const first = (await launch.mock.results[0]!.value) as Browser;

    await first.close(); // what a crash or an OOM kill looks like from here

    const pdf = await renderer.render('<p>après</p>');
    expect(pdf.byteLength).toBeGreaterThan(0);
    expect(launch).toHaveBeenCalledTimes(2);
  });

  it.skipIf(!hasChromium)('does not let a document fetch anything from the network', async () => {
    const requests: string[] = [];
    const tracker = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end();
    });
    await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
    const { port } = tracker.address() as AddressInfo;
    try {
      renderer = new ChromiumPdfRenderer({ executablePath: chromiumPath, timeoutMs: 10_000 });
      const pdf = await renderer.render(
        `<img src="http://127.0.0.1:${port}/tracker.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/style.css"><p>Sans réseau</p>`,
      );
      expect(pdf.byteLength).toBeGreaterThan(0);
      expect(requests).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => tracker.close(() => resolve()));
    }
  });

  it('fails retryably, saying how to fix it, when there is no Chromium at the configured path', async () => {
    renderer = new ChromiumPdfRenderer({ executablePath: '/nonexistent/chromium' });

    const failure = await renderer.render('<p>x</p>').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PdfRendererUnavailableError);
    expect(failure).toMatchObject({ retryable: true, code: 'pdf_renderer_unavailable' });
    expect((failure as Error).message).toMatch(/apt-get install chromium/);
    expect((failure as Error).message).toMatch(/CHROMIUM_PATH/);
    expect((failure as Error).message).toMatch(/GOTENBERG_URL/);
  });

  it('refuses impossible margins as a non-retryable failure', async () => {
    renderer = new ChromiumPdfRenderer({ executablePath: '/nonexistent/chromium' });
    await expect(renderer.render('<p>x</p>', { marginsMm: { top: -3 } })).rejects.toMatchObject({ retryable: false, code: 'pdf_invalid_options' });
  });
});
