/**
 * The markup firm-edited texts are written in: plain text, where a blank line starts a new
 * paragraph, lines starting with `- ` or `• ` form a bulleted list, and `http(s)://` addresses
 * become links. Deliberately not HTML and not Markdown: there is nothing to escape wrongly,
 * nothing that can break the letter's layout, and the same blocks feed both the PDF letter
 * (`textToHtml`) and the React Email layout (which renders `parseTextBlocks` itself).
 */

/** One run of text or one link inside a line. */
export type TextSpan = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'link'; readonly url: string };

/** A paragraph (its lines are kept as line breaks) or a bulleted list. */
export type TextBlock =
  | { readonly kind: 'paragraph'; readonly lines: readonly (readonly TextSpan[])[] }
  | { readonly kind: 'list'; readonly items: readonly (readonly TextSpan[])[] };

const BULLET = /^\s*[-•]\s+/;
const URL_PATTERN = /https?:\/\/[^\s<>"«»]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]'’]+$/;

/** Splits a line into text and link spans; trailing punctuation stays outside the link. */
export function parseSpans(line: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (start > last) spans.push({ kind: 'text', text: line.slice(last, start) });
    spans.push({ kind: 'link', url });
    last = start + url.length;
  }
  if (last < line.length) spans.push({ kind: 'text', text: line.slice(last) });
  return spans;
}

/** Splits rendered text into paragraphs and lists. */
export function parseTextBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const chunk of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    let paragraph: TextSpan[][] = [];
    let list: TextSpan[][] = [];
    const flush = (): void => {
      if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
      if (list.length > 0) blocks.push({ kind: 'list', items: list });
      paragraph = [];
      list = [];
    };
    for (const line of lines) {
      if (BULLET.test(line)) {
        if (paragraph.length > 0) flush();
        list.push(parseSpans(line.replace(BULLET, '').trim()));
      } else {
        if (list.length > 0) flush();
        paragraph.push(parseSpans(line.trim()));
      }
    }
    flush();
  }
  return blocks;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function spansToHtml(spans: readonly TextSpan[]): string {
  return spans
    .map((span) => (span.kind === 'text' ? escapeHtml(span.text) : `<a href="${escapeHtml(span.url)}">${escapeHtml(span.url)}</a>`))
    .join('');
}

/** Renders firm text as escaped HTML paragraphs and lists, for the engagement letter. */
export function textToHtml(text: string): string {
  return parseTextBlocks(text)
    .map((block) =>
      block.kind === 'paragraph'
        ? `<p>${block.lines.map(spansToHtml).join('<br>')}</p>`
        : `<ul>${block.items.map((item) => `<li>${spansToHtml(item)}</li>`).join('')}</ul>`,
    )
    .join('\n');
}
