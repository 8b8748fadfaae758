import { describe, expect, it } from 'vitest';
import { playwrightPdfOptions } from '../../../adapters/pdf/chromium-pdf-renderer.ts';
import { gotenbergFields } from '../../../adapters/pdf/gotenberg-pdf-renderer.ts';
import { resolvePageSetup } from '../../../adapters/pdf/pdf-page-setup.ts';

describe('the page setup both renderers print with', () => {
  it('gives the local Chromium and Gotenberg the same paper, margins, background and scale', () => {
    const setup = resolvePageSetup({ marginsMm: { top: 30, left: 20 }, footerHtml: 'Page <span class="pageNumber"></span>' });

    const local = playwrightPdfOptions(setup)!;
    const remote = gotenbergFields(setup);

    expect(local.width).toBe(`${remote.paperWidth}in`);
    expect(local.height).toBe(`${remote.paperHeight}in`);
    expect(local.margin).toEqual({
      top: `${remote.marginTop}in`,
      right: `${remote.marginRight}in`,
      bottom: `${remote.marginBottom}in`,
      left: `${remote.marginLeft}in`,
    });
    expect([local.landscape, local.printBackground, local.preferCSSPageSize, local.scale]).toEqual([
      remote.landscape,
      remote.printBackground,
      remote.preferCssPageSize,
      remote.scale,
    ]);
    expect(remote).toMatchObject({ paperWidth: 8.27, paperHeight: 11.7, marginTop: 1.1811, marginLeft: 0.7874, marginRight: 0.7087 });
  });

  it('prints an empty header when only a footer is given, so Chromium does not add its date and title', () => {
    const setup = resolvePageSetup({ footerHtml: 'Page <span class="pageNumber"></span> / <span class="totalPages"></span>' });

    const local = playwrightPdfOptions(setup)!;
    expect(local.displayHeaderFooter).toBe(true);
    expect(local.headerTemplate).toContain('<div class="hf"></div>');
    expect(local.footerTemplate).toContain('<span class="totalPages"></span>');
    expect(local.footerTemplate).toMatch(/^<!doctype html>/);
  });

  it('prints no header or footer at all when the document has none', () => {
    const local = playwrightPdfOptions(resolvePageSetup())!;
    expect(local.displayHeaderFooter).toBe(false);
    expect(local.headerTemplate).toBeUndefined();
  });
});
