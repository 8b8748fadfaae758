import { convert, gotenberg, html as htmlConversion, pipe, please, set, to, type ObjectSource, type RequestFields } from 'gotenberg-js-client';
import { resolvePageSetup, type PdfPageSetup } from './pdf-page-setup.ts';
import { PdfRenderError, PdfRendererUnavailableError } from './pdf-render-error.ts';
import type { PdfOptions, PdfRenderer } from './pdf-renderer.ts';

/** Options of the Gotenberg renderer. */
export interface GotenbergPdfRendererOptions {
  /** Gotenberg's base URL, e.g. `http://gotenberg:3000` (no trailing `/forms/...`). */
  readonly url: string;
  /** Time limit of one conversion (request and response body), in milliseconds. Default 30 000. */
  readonly timeoutMs?: number | undefined;
}

/** Gotenberg 8's HTML route, relative to its base URL: the client appends `/convert/html`. */
export const GOTENBERG_CHROMIUM_FORMS = '/forms/chromium';

/** Fields of Gotenberg 8's Chromium module that gotenberg-js-client (written for Gotenberg 6) does not type. */
interface ChromiumModuleFields {
  printBackground: boolean;
  preferCssPageSize: boolean;
  emulatedMediaType: 'print';
}

/** The multipart form fields for a page setup, shared with tests. */
export function gotenbergFields(setup: PdfPageSetup): Required<Pick<RequestFields, 'paperWidth' | 'paperHeight' | 'marginTop' | 'marginRight' | 'marginBottom' | 'marginLeft' | 'landscape' | 'scale'>> &
  ChromiumModuleFields {
  return {
    paperWidth: setup.paperWidthIn,
    paperHeight: setup.paperHeightIn,
    marginTop: setup.marginsIn.top,
    marginRight: setup.marginsIn.right,
    marginBottom: setup.marginsIn.bottom,
    marginLeft: setup.marginsIn.left,
    landscape: setup.landscape,
    scale: 1,
    printBackground: setup.printBackground,
    preferCssPageSize: false,
    emulatedMediaType: 'print',
  };
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * Renders PDFs with Gotenberg 8 (`POST <url>/forms/chromium/convert/html`) through
 * gotenberg-js-client: the document as `index.html`, the header and footer as `header.html` and
 * `footer.html`, and the same paper size, margins, background and scale the local renderer
 * uses. Gotenberg's answers map to retryable failures (5xx, 429, network, timeout) or not (4xx:
 * the document itself is refused).
 */
export class GotenbergPdfRenderer implements PdfRenderer {
  private readonly formsUrl: string;
  private readonly timeoutMs: number;

  constructor(options: GotenbergPdfRendererOptions) {
    this.formsUrl = `${options.url.replace(/\/+$/, '')}${GOTENBERG_CHROMIUM_FORMS}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Sends the document to Gotenberg and returns the PDF it prints. */
  async render(html: string, options?: PdfOptions): Promise<Uint8Array> {
    const setup = resolvePageSetup(options);
    const files: ObjectSource = { 'index.html': html };
    if (setup.headerHtml !== undefined) files['header.html'] = setup.headerHtml;
    if (setup.footerHtml !== undefined) files['footer.html'] = setup.footerHtml;
    const { printBackground, preferCssPageSize, emulatedMediaType, ...typedFields } = gotenbergFields(setup);
    // A fresh pipeline per render: the abort signal (our timeout) is an option of the HTTP client.
    const toPdf = pipe(
      gotenberg(this.formsUrl, { signal: AbortSignal.timeout(this.timeoutMs) }),
      convert,
      htmlConversion,
      to(typedFields),
      set((fields) => Object.assign(fields, { printBackground, preferCssPageSize, emulatedMediaType })),
      please,
    );
    let pdf: Buffer;
    try {
      const stream = await toPdf(files);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      pdf = Buffer.concat(chunks);
    } catch (error) {
      throw this.toRenderError(error);
    }
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new PdfRenderError('pdf_render_failed', `Gotenberg at ${this.formsUrl} answered without a PDF`, { retryable: true });
    }
    return pdf;
  }

  /** Nothing to release: each render is one HTTP request. */
  async close(): Promise<void> {}

  private toRenderError(error: unknown): PdfRenderError {
    const err = error as { message?: string; code?: string; name?: string };
    const message = err.message ?? String(error);
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.code === 'ABORT_ERR') {
      return new PdfRenderError('pdf_render_timeout', `Gotenberg did not answer within ${this.timeoutMs} ms`, { retryable: true, cause: error });
    }
    if (err.code && UNREACHABLE.has(err.code)) {
      return new PdfRendererUnavailableError(`Gotenberg is unreachable at ${this.formsUrl} (${err.code})`, { cause: error });
    }
    const status = /^(\d{3}) /.exec(message)?.[1];
    if (status) {
      const code = Number(status);
      const retryable = code >= 500 || code === 408 || code === 429;
      return new PdfRenderError(retryable ? 'pdf_render_failed' : 'pdf_render_rejected', `Gotenberg answered ${message}`, { retryable, cause: error });
    }
    return new PdfRenderError('pdf_render_failed', `Gotenberg request failed: ${message}`, { retryable: true, cause: error });
  }
}
