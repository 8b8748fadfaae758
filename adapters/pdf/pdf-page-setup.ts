import { PdfRenderError } from './pdf-render-error.ts';
import type { PdfOptions } from './pdf-renderer.ts';

/**
 * The exact print parameters both renderers send to Chromium — directly (playwright's
 * `page.pdf`) or through Gotenberg's form fields. Computing them in one place is what makes "the
 * same HTML gives the same document" hold: same paper size in inches, same margins, same header
 * and footer documents, backgrounds printed, CSS page size ignored, scale 1.
 */
export interface PdfPageSetup {
  /** Portrait A4, 8.27 × 11.7 in, the values Chromium and Gotenberg use for A4; `landscape` turns it. */
  readonly paperWidthIn: number;
  readonly paperHeightIn: number;
  readonly landscape: boolean;
  readonly marginsIn: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Complete HTML documents (Gotenberg requires complete documents; Chromium accepts them). */
  readonly headerHtml: string | undefined;
  readonly footerHtml: string | undefined;
  readonly printBackground: true;
}

/** A4 in inches, as Chromium's and Gotenberg's own A4 presets define it. */
export const A4_INCHES = { width: 8.27, height: 11.7 } as const;

/** Default margins in millimetres: room for the header and footer at top and bottom. */
export const DEFAULT_MARGINS_MM = { top: 22, right: 18, bottom: 22, left: 18 } as const;

const MM_PER_INCH = 25.4;

function inches(mm: number): number {
  // Four decimals (≈ 2.5 µm) so the value sent as a form field is the value playwright sends.
  return Math.round((mm / MM_PER_INCH) * 10_000) / 10_000;
}

/**
 * Wraps a header or footer snippet in the document Chromium prints in the page margin. Chromium
 * renders these templates without the page's styles or web fonts and at a tiny default size, so
 * everything is set here; the family is Liberation Sans, which both Debian's Chromium
 * (fonts-liberation) and the Gotenberg image ship. The side padding aligns the text with the body.
 */
export function headerFooterDocument(innerHtml: string, marginsMm: { left: number; right: number }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; padding: 0; -webkit-print-color-adjust: exact; }
.hf { box-sizing: border-box; width: 100%; padding: 0 ${marginsMm.right}mm 0 ${marginsMm.left}mm; display: flex; justify-content: space-between; gap: 12pt;
  font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 8pt; color: #55595f; }
</style></head><body><div class="hf">${innerHtml}</div></body></html>`;
}

/** Resolves optional `PdfOptions` into the full page setup, refusing impossible margins. */
export function resolvePageSetup(options: PdfOptions = {}): PdfPageSetup {
  const marginsMm = { ...DEFAULT_MARGINS_MM, ...options.marginsMm };
  for (const [side, value] of Object.entries(marginsMm)) {
    if (!Number.isFinite(value) || value < 0 || value > 100) {
      throw new PdfRenderError('pdf_invalid_options', `PDF margin ${side} must be between 0 and 100 mm, got ${value}`, { retryable: false });
    }
  }
  const hasHeaderFooter = options.headerHtml !== undefined || options.footerHtml !== undefined;
  const wrap = (inner: string | undefined): string | undefined =>
    // When only one is given, the other is printed empty: Chromium would otherwise print its
    // default date/title header, and Gotenberg prints nothing for a missing file.
    hasHeaderFooter ? headerFooterDocument(inner ?? '', marginsMm) : undefined;
  return {
    paperWidthIn: A4_INCHES.width,
    paperHeightIn: A4_INCHES.height,
    landscape: options.landscape ?? false,
    marginsIn: {
      top: inches(marginsMm.top),
      right: inches(marginsMm.right),
      bottom: inches(marginsMm.bottom),
      left: inches(marginsMm.left),
    },
    headerHtml: wrap(options.headerHtml),
    footerHtml: wrap(options.footerHtml),
    printBackground: true,
  };
}
