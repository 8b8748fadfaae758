import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GotenbergPdfRenderer } from '../../../adapters/pdf/gotenberg-pdf-renderer.ts';
import { createPdfRenderer, PdfRendererUnavailableError } from '../../../adapters/pdf/pdf-renderer.ts';
import { ChromiumPdfRenderer } from '../../../adapters/pdf/chromium-pdf-renderer.ts';
import { sampleEngagementLetter } from '../../../domain/templates/sample-engagement-letter.ts';
import { startGotenbergStub, STUB_PDF } from './gotenberg-stub.ts';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('GotenbergPdfRenderer', () => {
  let stub: Awaited<ReturnType<typeof startGotenbergStub>>;
  beforeAll(async () => {
    stub = await startGotenbergStub();
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.calls.length = 0;
    stub.behave({ kind: 'pdf' });
  });

  it('posts the letter to /forms/chromium/convert/html as index.html with A4 paper, margins, header and footer, and returns the PDF', async () => {
    const renderer = new GotenbergPdfRenderer({ url: `${stub.url}/` });
    const letter = await sampleEngagementLetter();

    const pdf = await renderer.render(letter.html, {
      headerHtml: letter.headerHtml,
      footerHtml: letter.footerHtml,
      marginsMm: { top: 25.4, right: 12.7, bottom: 25.4, left: 12.7 },
    });

    expect(Buffer.from(pdf).equals(STUB_PDF)).toBe(true);
    expect(stub.calls).toHaveLength(1);
    const [call] = stub.calls;
    expect(call).toMatchObject({ method: 'POST', path: '/forms/chromium/convert/html' });
    expect(call!.files['index.html']!.content).toBe(letter.html);
    expect(call!.files['header.html']!.content).toContain(letter.headerHtml);
    expect(call!.files['footer.html']!.content).toContain('<span class="pageNumber"></span>');
    expect(call!.fields).toMatchObject({
      paperWidth: '8.27',
      paperHeight: '11.7',
      marginTop: '1',
      marginBottom: '1',
      marginLeft: '0.5',
      marginRight: '0.5',
      landscape: 'false',
      printBackground: 'true',
      preferCssPageSize: 'false',
      scale: '1',
    });
  });

  it('sends no header.html or footer.html when the document has none, and default margins', async () => {
    const renderer = new GotenbergPdfRenderer({ url: stub.url });

    await renderer.render('<!doctype html><p>Été</p>');

    const [call] = stub.calls;
    expect(Object.keys(call!.files)).toEqual(['index.html']);
    expect(call!.fields).toMatchObject({ marginTop: '0.8661', marginLeft: '0.7087' });
  });

  it('reports a Gotenberg 503 as a retryable failure', async () => {
    stub.behave({ kind: 'status', status: 503, message: 'Service Unavailable' });
    const renderer = new GotenbergPdfRenderer({ url: stub.url });

    await expect(renderer.render('<p>x</p>')).rejects.toMatchObject({ retryable: true, code: 'pdf_render_failed' });
  });

  it('reports a Gotenberg 400 as a non-retryable refusal of the document', async () => {
    stub.behave({ kind: 'status', status: 400, message: "form field 'paperWidth' is invalid" });
    const renderer = new GotenbergPdfRenderer({ url: stub.url });

    const failure = await renderer.render('<p>x</p>').catch((error: unknown) => error);
    expect(failure).toMatchObject({ retryable: false, code: 'pdf_render_rejected' });
    expect((failure as Error).message).toContain('paperWidth');
  });

  it('reports a Gotenberg that does not answer in time as a retryable timeout', async () => {
    stub.behave({ kind: 'hang' });
    const renderer = new GotenbergPdfRenderer({ url: stub.url, timeoutMs: 300 });

    await expect(renderer.render('<p>x</p>')).rejects.toMatchObject({ retryable: true, code: 'pdf_render_timeout' });
  });

  it('reports an unreachable Gotenberg as unavailable, retryably, with how to fix it', async () => {
    const renderer = new GotenbergPdfRenderer({ url: `http://127.0.0.1:${await closedPort()}` });

    const failure = await renderer.render('<p>x</p>').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PdfRendererUnavailableError);
    expect(failure).toMatchObject({ retryable: true });
    expect((failure as Error).message).toMatch(/GOTENBERG_URL/);
  });
});

describe('createPdfRenderer', () => {
  it('uses Gotenberg when GOTENBERG_URL is configured and the local Chromium otherwise', async () => {
    const gotenberg = createPdfRenderer({ gotenbergUrl: 'http://gotenberg:3000', chromiumPath: '/usr/bin/chromium' });
    const local = createPdfRenderer({ chromiumPath: '/opt/chrome/chrome' });

    expect(gotenberg).toBeInstanceOf(GotenbergPdfRenderer);
    expect(local).toBeInstanceOf(ChromiumPdfRenderer);
    await Promise.all([gotenberg.close(), local.close()]);
  });
});
