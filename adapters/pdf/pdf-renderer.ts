import { ChromiumPdfRenderer } from './chromium-pdf-renderer.ts';
import { GotenbergPdfRenderer } from './gotenberg-pdf-renderer.ts';

export { PdfRenderError, PdfRendererUnavailableError, PDF_RENDERER_HOW_TO_FIX } from './pdf-render-error.ts';

/**
 * How to print a document. Paper is always A4 (the only size French engagement letters, quotes
 * and invoices use here). The HTML itself must be self-contained: fonts as data: URLs (see
 * `document-fonts.ts`), images inline; the local renderer blocks network requests.
 */
export interface PdfOptions {
  /** Margins in millimetres; missing sides default to `DEFAULT_MARGINS_MM` (22/18/22/18). */
  readonly marginsMm?: { readonly top?: number; readonly right?: number; readonly bottom?: number; readonly left?: number };
  /**
   * Inner HTML printed at the top / bottom of every page, inside the margins. Chromium fills
   * `<span class="pageNumber"></span>`, `<span class="totalPages"></span>`, `date` and `title`.
   */
  readonly headerHtml?: string;
  readonly footerHtml?: string;
  readonly landscape?: boolean;
}

/**
 * The PDF rendering port: HTML in, PDF bytes out. Two implementations print through Chromium
 * with identical parameters (`pdf-page-setup.ts`): Gotenberg over HTTP, or a local Chromium
 * driven by playwright-core. Failures are `PdfRenderError`s carrying `retryable`.
 */
export interface PdfRenderer {
  /** Prints `html` to a PDF. */
  render(html: string, options?: PdfOptions): Promise<Uint8Array>;
  /** Releases the browser or connections; the renderer must not be used afterwards. */
  close(): Promise<void>;
}

/** Configuration of `createPdfRenderer`, straight from `config.ts` (GOTENBERG_URL, CHROMIUM_PATH). */
export interface PdfRendererConfig {
  /** Gotenberg's base URL (`http://gotenberg:3000`); when set, Gotenberg is used. */
  readonly gotenbergUrl?: string | undefined;
  /** Chromium executable for the local renderer; defaults to Debian's `/usr/bin/chromium`. */
  readonly chromiumPath?: string | undefined;
  /** Local renderer: pages kept open and rendering concurrently (default 4). */
  readonly poolSize?: number;
  /** Per-document time limit in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

/** Debian's `chromium` package puts its launcher here. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Chooses the renderer: Gotenberg when a URL is configured (production, or hosts without a
 * browser), otherwise the local Chromium. Nothing is started here; the local browser launches
 * on the first render, and if it cannot, that render fails with a retryable
 * `PdfRendererUnavailableError` explaining how to fix the host.
 */
export function createPdfRenderer(config: PdfRendererConfig = {}): PdfRenderer {
  if (config.gotenbergUrl) {
    return new GotenbergPdfRenderer({ url: config.gotenbergUrl, timeoutMs: config.timeoutMs });
  }
  return new ChromiumPdfRenderer({
    executablePath: config.chromiumPath ?? DEFAULT_CHROMIUM_PATH,
    poolSize: config.poolSize,
    timeoutMs: config.timeoutMs,
  });
}
