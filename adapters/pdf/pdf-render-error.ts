import { AdapterError } from '../adapter-error.ts';

/**
 * A PDF could not be produced. Most causes are transient (a browser that died, a busy or
 * unreachable Gotenberg, a timeout), so the default is retryable; the exceptions are inputs that
 * will never render (bad options, a document Gotenberg rejects with a 4xx).
 */
export class PdfRenderError extends AdapterError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** How to fix a missing renderer; part of every `PdfRendererUnavailableError` message. */
export const PDF_RENDERER_HOW_TO_FIX =
  'Install Chromium (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium/Chrome executable, ' +
  'or set GOTENBERG_URL to a Gotenberg 8 server (e.g. `docker run -p 3000:3000 gotenberg/gotenberg:8`, GOTENBERG_URL=http://localhost:3000).';

/**
 * No renderer can run: the Chromium executable is missing or cannot start and no Gotenberg is
 * configured. Retryable, so the rendering activity waits in Temporal's retry loop until an
 * operator fixes the host, and the message says how.
 */
export class PdfRendererUnavailableError extends PdfRenderError {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super('pdf_renderer_unavailable', `PDF rendering is unavailable: ${reason}. ${PDF_RENDERER_HOW_TO_FIX}`, {
      retryable: true,
      cause: options.cause,
    });
  }
}
