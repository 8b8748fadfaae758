import { escapeHtml, textToHtml } from '../templates/text-blocks.ts';

/**
 * A self-contained HTML page showing an email as its recipient would read it: sender, recipient,
 * subject, then the body's paragraphs and links. Used by the template preview; the texts are
 * already rendered and are escaped here.
 */
export function emailPreviewHtml(message: { from: string; to: string; subject: string; body: string; fontFaceCss?: string | undefined }): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${escapeHtml(message.subject)}</title>
<style>${message.fontFaceCss ?? ''}
  body { margin: 0; padding: 24px; background: #f4f6f9; font-family: "Document Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5; color: #1d1d1f; }
  .message { max-width: 640px; margin: 0 auto; background: #fff; border: 1px solid #d8dee6; border-radius: 6px; }
  .headers { padding: 16px 24px; border-bottom: 1px solid #d8dee6; color: #55595f; }
  .headers dt { float: left; clear: left; width: 56px; font-weight: bold; }
  .headers dd { margin: 0 0 4px 64px; }
  .subject { color: #1d1d1f; font-weight: bold; }
  .body { padding: 16px 24px; }
  .body p { margin: 0 0 12px; }
  .body a { color: #1f3a5f; word-break: break-all; }
</style>
</head>
<body>
<div class="message">
<dl class="headers">
<dt>De</dt><dd>${escapeHtml(message.from)}</dd>
<dt>À</dt><dd>${escapeHtml(message.to)}</dd>
<dt>Objet</dt><dd class="subject">${escapeHtml(message.subject)}</dd>
</dl>
<div class="body">
${textToHtml(message.body)}
</div>
</div>
</body>
</html>
`;
}
