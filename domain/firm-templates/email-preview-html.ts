import { escapeHtml } from '../templates/text-blocks.ts';

const HEADER_STYLE =
  'max-width:600px;margin:0 auto 12px;padding:12px 16px;background:#ffffff;border:1px solid #dde3ea;border-radius:6px;' +
  'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#55595f';

/**
 * Puts the envelope (sender, recipient, subject) on top of a rendered email, for the template
 * preview: the body is the exact HTML the recipient will get (`emails/templated-message.tsx`),
 * and the envelope block goes right after its `<body>` tag. Preview only; never sent.
 */
export function emailPreviewHtml(message: { from: string; to: string; subject: string; bodyHtml: string }): string {
  const envelope =
    `<div style="${HEADER_STYLE}">` +
    `<div><strong>De :</strong> ${escapeHtml(message.from)}</div>` +
    `<div><strong>À :</strong> ${escapeHtml(message.to)}</div>` +
    `<div style="color:#1d1d1f"><strong>Objet :</strong> ${escapeHtml(message.subject)}</div>` +
    '</div>';
  const bodyTag = /<body[^>]*>/i.exec(message.bodyHtml);
  if (!bodyTag) return `<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body>${envelope}${message.bodyHtml}</body></html>`;
  const at = bodyTag.index + bodyTag[0].length;
  return message.bodyHtml.slice(0, at) + envelope + message.bodyHtml.slice(at);
}
