/**
 * `npm run bench:pdf [-- <N>]` — renders the sample engagement letter N times (default 50) with
 * the local Chromium renderer on a warm browser, and compares it with bare playwright code
 * printing the same HTML with the same options on its own warm browser.
 *
 * Printed: letters per second, p50 and p95 latency of sequential renders; throughput of N
 * concurrent renders through the page pool; and the ratio of the renderer's p50 to the bare
 * p50 (target ≤ 1.2). "Bare" is what one would write without the port: `page.setContent(html)`
 * then `page.pdf(options)` on one open page. The two loops are interleaved, one render each in
 * turn, so that machine noise affects both alike. Figures go to docs/benchmarks.md.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { chromium, type Page } from 'playwright-core';
import { openInstallationSeal } from '../adapters/seal/installation-seal.ts';
import { legalInformationSheetHtml } from '../domain/letters/legal-information-sheet.ts';
import { letterModelKind } from '../domain/letters/letter-model-kinds.ts';
import { renderLetter } from '../domain/letters/render-letter.ts';
import { sampleLetterScope } from '../domain/letters/sample-letter-scope.ts';
import { loadConfig } from '../config.ts';
import { CHROMIUM_ARGS, ChromiumPdfRenderer, playwrightPdfOptions } from '../adapters/pdf/chromium-pdf-renderer.ts';
import { loadDocumentFontCss } from '../adapters/pdf/document-fonts.ts';
import { resolvePageSetup } from '../adapters/pdf/pdf-page-setup.ts';
import { sampleEngagementLetter } from '../domain/templates/sample-engagement-letter.ts';

const POOL_SIZE = 4;
const WARM_UP = 5;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function summary(durations: readonly number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 50);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${process.argv[2]}`);
  const config = loadConfig();

  const fonts = await loadDocumentFontCss();
  if (fonts.missing.length > 0) console.warn(`Fonts not embedded (missing): ${fonts.missing.join(', ')}`);
  const letter = await sampleEngagementLetter({ fontFaceCss: fonts.css });
  const pdfOptions = { headerHtml: letter.headerHtml, footerHtml: letter.footerHtml };
  const bareOptions = playwrightPdfOptions(resolvePageSetup(pdfOptions));

  const renderer = new ChromiumPdfRenderer({ executablePath: config.CHROMIUM_PATH, poolSize: POOL_SIZE });
  const bareBrowser = await chromium.launch({ executablePath: config.CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const barePage = await bareBrowser.newPage();
    const bare = async (): Promise<Uint8Array> => {
      await barePage.setContent(letter.html);
      return barePage.pdf(bareOptions);
    };

    const [launchMs] = await timed(() => renderer.warmUp());
    for (let i = 0; i < WARM_UP; i += 1) {
      await renderer.render(letter.html, pdfOptions);
      await bare();
    }

    const rendererTimes: number[] = [];
    const bareTimes: number[] = [];
    let bytes = 0;
    let bareBytes = 0;
    for (let i = 0; i < n; i += 1) {
      const [rendered, pdf] = await timed(() => renderer.render(letter.html, pdfOptions));
      rendererTimes.push(rendered);
      bytes = pdf.byteLength;
      const [bareMs, barePdf] = await timed(bare);
      bareTimes.push(bareMs);
      bareBytes = barePdf.byteLength;
    }

    // Printing alone, on content already loaded: how much of a render is the PDF itself.
    const printTimes: number[] = [];
    for (let i = 0; i < Math.min(n, 20); i += 1) printTimes.push((await timed(() => barePage.pdf(bareOptions)))[0]);

    const [concurrentMs] = await timed(() => Promise.all(Array.from({ length: n }, () => renderer.render(letter.html, pdfOptions))));

    const ours = summary(rendererTimes);
    const theirs = summary(bareTimes);
    const printOnly = summary(printTimes);
    const sequentialSeconds = rendererTimes.reduce((a, b) => a + b, 0) / 1000;
    const lines = [
      `Sample engagement letter: ${letter.html.length} characters of HTML (fonts embedded: ${fonts.missing.length === 0 ? 'yes' : 'partly'}), PDF ${bytes} bytes (bare: ${bareBytes})`,
      `Chromium ${bareBrowser.version()} at ${config.CHROMIUM_PATH}; browser launch ${launchMs.toFixed(0)} ms; N = ${n}; pool of ${POOL_SIZE} pages`,
      `Renderer, sequential: ${(n / sequentialSeconds).toFixed(1)} letters/s, p50 ${ours.p50.toFixed(1)} ms, p95 ${ours.p95.toFixed(1)} ms`,
      `Renderer, ${n} concurrent: ${((n * 1000) / concurrentMs).toFixed(1)} letters/s`,
      `Bare setContent + page.pdf(): p50 ${theirs.p50.toFixed(1)} ms, p95 ${theirs.p95.toFixed(1)} ms`,
      `page.pdf() alone on loaded content: p50 ${printOnly.p50.toFixed(1)} ms`,
      `Ratio renderer p50 / bare p50: ${(ours.p50 / theirs.p50).toFixed(2)} (target ≤ 1.2)`,
    ];
    console.log(lines.join('\n'));
    console.log(await letterFilSeal(renderer, barePage, bareOptions, fonts.css, n));
  } finally {
    await renderer.close();
    await bareBrowser.close();
  }
}

/**
 * Issue 11: the engagement letter of a mission plus the legal information sheet (FIL), merged and
 * sealed (PAdES, the installation's certificate), against a bare `page.pdf()` of the same two HTML
 * documents — what signing costs on top of printing. Both sides print the two documents one after
 * the other; interleaved like the letter loop.
 */
async function letterFilSeal(renderer: ChromiumPdfRenderer, barePage: Page, bareOptions: ReturnType<typeof playwrightPdfOptions>, fontFaceCss: string, n: number): Promise<string> {
  const seal = await openInstallationSeal(mkdtempSync(join(tmpdir(), 'bench-seal-')));
  const sources = letterModelKind('engagement').paragraphs;
  const letter = await renderLetter({ sources, scope: sampleLetterScope([]), signable: true, fontFaceCss });
  const fil = legalInformationSheetHtml(
    { name: 'Cabinet Lefèvre & Associés', legalForm: 'SAS au capital de 50 000 €', address: '12 rue de la République, 69002 Lyon', rcs: 'RCS Lyon 552 100 554', siren: '552100554', orderRegistration: 'Ordre des experts-comptables Auvergne-Rhône-Alpes', vatNumber: 'FR40552100554' },
    { consumerMediator: 'CNPM Médiation de la consommation', professionalInsurance: 'MMA IARD, contrat n° 123 456 789' },
    { fontFaceCss },
  );
  const ours = async () => {
    // One after the other, like the bare loop (the pool could print both at once, which would flatter the ratio).
    const letterPdf = await renderer.render(letter.html, { headerHtml: letter.headerHtml, footerHtml: letter.footerHtml });
    const filPdf = await renderer.render(fil);
    const merged = await PDFDocument.load(letterPdf);
    const filDocument = await PDFDocument.load(filPdf);
    for (const page of await merged.copyPages(filDocument, filDocument.getPageIndices())) merged.addPage(page);
    return seal.seal(await merged.save(), { reason: 'Signature de la lettre de mission', name: seal.commonName, location: 'France' });
  };
  const bare = async () => {
    await barePage.setContent(letter.html);
    await barePage.pdf(bareOptions);
    await barePage.setContent(fil);
    return barePage.pdf(bareOptions);
  };
  for (let i = 0; i < WARM_UP; i += 1) {
    await ours();
    await bare();
  }
  const oursTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < n; i += 1) {
    oursTimes.push((await timed(ours))[0]);
    bareTimes.push((await timed(bare))[0]);
  }
  const a = summary(oursTimes);
  const b = summary(bareTimes);
  return [
    `Letter + FIL + seal: p50 ${a.p50.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms`,
    `Bare page.pdf() of the same letter and FIL: p50 ${b.p50.toFixed(1)} ms, p95 ${b.p95.toFixed(1)} ms`,
    `Ratio letter + FIL + seal p50 / bare p50: ${(a.p50 / b.p50).toFixed(2)} (target ≤ 1.3)`,
  ].join('\n');
}

await main();
