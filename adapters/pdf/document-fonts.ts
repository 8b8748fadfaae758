import { readFile } from 'node:fs/promises';

/**
 * Fonts embedded in the documents we print, so that the local Chromium and Gotenberg produce the
 * same glyphs and the same line breaks whatever fonts their hosts have.
 *
 * The choice: Liberation Sans (SIL Open Font License; metric-compatible with Arial, full Latin
 * coverage for French accents, « », € and the narrow no-break space), read once from the
 * Debian `fonts-liberation` package — which the `chromium` package pulls in — and inlined as
 * `@font-face` rules with data: URLs under the family name "Document Sans". No npm package ships
 * a suitable font, and committing binaries was not worth it: on a host without the files the
 * CSS is empty and documents fall back to "Liberation Sans", then Arial, which Gotenberg's image
 * also ships.
 *
 * Only the regular and bold faces are embedded: the cost of a document grows with its size
 * (Chromium takes ~100 ms to load 770 KB of HTML with four faces, ~45 ms with two, ~12 ms with
 * none — see docs/benchmarks.md), and our documents use no italics; Chromium would synthesise
 * one, identically on both paths.
 */
export const DOCUMENT_FONT_FAMILY = 'Document Sans';

/** The faces embedded, and where Debian's fonts-liberation installs them. */
export const DEFAULT_DOCUMENT_FONT_FILES: readonly DocumentFontFile[] = [
  { weight: 400, style: 'normal', path: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' },
  { weight: 700, style: 'normal', path: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf' },
];

/** One TrueType face of the document family. */
export interface DocumentFontFile {
  readonly weight: 400 | 700;
  readonly style: 'normal' | 'italic';
  readonly path: string;
}

/** The `@font-face` rules to put in a document's `<style>`, and which files were missing. */
export interface DocumentFontCss {
  readonly css: string;
  readonly missing: readonly string[];
}

/**
 * Reads the font files and returns the `@font-face` CSS declaring "Document Sans". Call it once
 * at boot and pass the CSS to the document builders (`renderEngagementLetter({ fontFaceCss })`);
 * log `missing` if it is not empty.
 */
export async function loadDocumentFontCss(files: readonly DocumentFontFile[] = DEFAULT_DOCUMENT_FONT_FILES): Promise<DocumentFontCss> {
  const rules: string[] = [];
  const missing: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
    } catch {
      missing.push(file.path);
      continue;
    }
    rules.push(
      `@font-face { font-family: "${DOCUMENT_FONT_FAMILY}"; font-weight: ${file.weight}; font-style: ${file.style}; ` +
        `src: url(data:font/ttf;base64,${bytes.toString('base64')}) format("truetype"); }`,
    );
  }
  return { css: rules.join('\n'), missing };
}
