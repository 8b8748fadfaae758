import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { resolvePageSetup, type PdfPageSetup } from './pdf-page-setup.ts';
import { PdfRenderError, PdfRendererUnavailableError } from './pdf-render-error.ts';
import type { PdfOptions, PdfRenderer } from './pdf-renderer.ts';

/**
 * Chromium flags. Besides headless operation in a container (`--no-sandbox`, `--disable-gpu`),
 * they switch off every background request Chromium makes on its own (component updates, sync,
 * QUIC probing…): on a host with a closed network each of those waits for a slow refusal.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Options of the local renderer. */
export interface ChromiumPdfRendererOptions {
  /** Path of the Chromium (or Chrome) executable, e.g. Debian's `/usr/bin/chromium`. */
  readonly executablePath: string;
  /** Pages kept open and printing concurrently; further renders wait for a free page. Default 4. */
  readonly poolSize?: number | undefined;
  /** Time limit of one render (content + print), in milliseconds. Default 30 000. */
  readonly timeoutMs?: number | undefined;
  /** Time limit of launching the browser, in milliseconds. Default 30 000. */
  readonly launchTimeoutMs?: number | undefined;
}

/** The print options playwright's `page.pdf` receives for a page setup — exported for the bench's baseline. */
export function playwrightPdfOptions(setup: PdfPageSetup): Parameters<Page['pdf']>[0] {
  const display = setup.headerHtml !== undefined || setup.footerHtml !== undefined;
  return {
    width: `${setup.paperWidthIn}in`,
    height: `${setup.paperHeightIn}in`,
    landscape: setup.landscape,
    margin: {
      top: `${setup.marginsIn.top}in`,
      right: `${setup.marginsIn.right}in`,
      bottom: `${setup.marginsIn.bottom}in`,
      left: `${setup.marginsIn.left}in`,
    },
    printBackground: setup.printBackground,
    preferCSSPageSize: false,
    scale: 1,
    displayHeaderFooter: display,
    ...(display ? { headerTemplate: setup.headerHtml ?? '', footerTemplate: setup.footerHtml ?? '' } : {}),
  };
}

/**
 * Loads `html` in `page` and prints it: set the content, wait for web fonts (data: URLs decode
 * asynchronously and `load` does not wait for them), print. Exported so the bench can time
 * exactly this work without the pool around it.
 */
export async function printPage(page: Page, html: string, setup: PdfPageSetup, timeoutMs: number): Promise<Uint8Array> {
  await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.pdf(playwrightPdfOptions(setup));
}

interface Session {
  readonly browser: Browser;
  readonly context: BrowserContext;
}

class RenderTimeout extends Error {}

/**
 * Renders PDFs with a local Chromium through playwright-core: one warm browser, launched on the
 * first render and shared by all, with a bounded pool of reusable pages (a render borrows a page,
 * replaces its content, prints, and gives it back). If the browser dies it is relaunched on the
 * next render; a page that failed or timed out is discarded rather than reused. Network requests
 * from documents are refused: a letter must be self-contained, and this keeps rendering fast
 * and identical to Gotenberg's on a closed network.
 */
export class ChromiumPdfRenderer implements PdfRenderer {
  private readonly executablePath: string;
  private readonly poolSize: number;
  private readonly timeoutMs: number;
  private readonly launchTimeoutMs: number;
  private session: Promise<Session> | undefined;
  private browser: Browser | undefined;
  private idlePages: Page[] = [];
  private pagesInUse = 0;
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private closed = false;

  constructor(options: ChromiumPdfRendererOptions) {
    this.executablePath = options.executablePath;
    this.poolSize = Math.max(1, options.poolSize ?? 4);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.launchTimeoutMs = options.launchTimeoutMs ?? 30_000;
  }

  /** Prints `html` on a pooled page of the warm browser. */
  async render(html: string, options?: PdfOptions): Promise<Uint8Array> {
    const setup = resolvePageSetup(options);
    const page = await this.acquirePage();
    let reusable = false;
    try {
      const pdf = await this.withTimeout(printPage(page, html, setup, this.timeoutMs));
      reusable = true;
      return pdf;
    } catch (error) {
      throw this.toRenderError(error);
    } finally {
      this.releasePage(page, reusable);
    }
  }

  /** Closes the browser; pending and later renders fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new PdfRenderError('pdf_renderer_closed', 'The PDF renderer is closed', { retryable: true }));
    const session = this.session;
    this.session = undefined;
    this.browser = undefined;
    this.idlePages = [];
    if (session) {
      await session.then(
        ({ browser }) => browser.close(),
        () => undefined,
      );
    }
  }

  /** Starts the browser now rather than on the first render (e.g. at worker boot). */
  async warmUp(): Promise<void> {
    await this.getSession();
  }

  private getSession(): Promise<Session> {
    if (this.closed) return Promise.reject(new PdfRenderError('pdf_renderer_closed', 'The PDF renderer is closed', { retryable: true }));
    this.session ??= this.launch().catch((error: unknown) => {
      this.session = undefined; // the next render tries again
      throw error;
    });
    return this.session;
  }

  private async launch(): Promise<Session> {
    try {
      await access(this.executablePath, constants.X_OK);
    } catch (error) {
      throw new PdfRendererUnavailableError(`no Chromium executable at ${this.executablePath}`, { cause: error });
    }
    let browser: Browser;
    try {
      // Loaded with the first launch: a second of imports the service's start does not need.
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({
        executablePath: this.executablePath,
        headless: true,
        args: [...CHROMIUM_ARGS],
        timeout: this.launchTimeoutMs,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new PdfRendererUnavailableError(`Chromium at ${this.executablePath} failed to start (${detail})`, { cause: error });
    }
    this.browser = browser;
    browser.on('disconnected', () => {
      // A crashed or killed browser: forget it and its pages; the next render relaunches.
      if (this.browser === browser) {
        this.browser = undefined;
        this.session = undefined;
        this.idlePages = [];
      }
    });
    const context = await browser.newContext();
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    return { browser, context };
  }

  private async acquirePage(): Promise<Page> {
    if (this.closed) throw new PdfRenderError('pdf_renderer_closed', 'The PDF renderer is closed', { retryable: true });
    if (this.pagesInUse >= this.poolSize) {
      await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    } else {
      this.pagesInUse += 1;
    }
    // From here on this call holds one of the pool's slots until releasePage.
    try {
      let page = this.idlePages.pop();
      while (page?.isClosed()) page = this.idlePages.pop();
      if (page) return page;
      const { context } = await this.getSession();
      return await context.newPage();
    } catch (error) {
      this.freeSlot();
      throw this.toRenderError(error);
    }
  }

  private releasePage(page: Page, reusable: boolean): void {
    if (reusable && !this.closed && !page.isClosed() && this.session) {
      this.idlePages.push(page);
    } else {
      page.close().catch(() => undefined);
    }
    this.freeSlot();
  }

  /** Hands the slot to the next waiting render, or frees it. */
  private freeSlot(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.pagesInUse -= 1;
  }

  private async withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderTimeout()), this.timeoutMs);
    });
    work.catch(() => undefined); // if the timeout wins, the abandoned print must not surface as unhandled
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private toRenderError(error: unknown): PdfRenderError {
    if (error instanceof PdfRenderError) return error;
    if (error instanceof RenderTimeout) {
      return new PdfRenderError('pdf_render_timeout', `Chromium did not print the document within ${this.timeoutMs} ms`, { retryable: true });
    }
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    // A browser or page that died mid-render: the next attempt gets a fresh one.
    return new PdfRenderError('pdf_render_failed', `Chromium failed to print the document: ${detail}`, { retryable: true, cause: error });
  }
}
