/**
 * A `Content-Disposition: attachment` header for a file name that may hold accents, spaces or
 * quotes (RFC 6266): an ASCII `filename` for old clients, and the exact name in `filename*` as
 * UTF-8 percent-encoding (RFC 8187), which every current browser prefers.
 */
export function attachmentDisposition(filename: string): string {
  const fallback =
    filename
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .trim() || 'document';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Headers of a document download. User-uploaded bytes are served from the API's origin, so the
 * browser is told never to sniff or run them (`nosniff`, a sandboxing CSP) and always to save
 * them (`attachment`).
 */
export function downloadHeaders(document: { name: string; mediaType: string; sha256: string }, size: number): Record<string, string> {
  return {
    'Content-Type': document.mediaType,
    'Content-Length': String(size),
    'Content-Disposition': attachmentDisposition(document.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-cache',
    ETag: `"${document.sha256}"`,
  };
}
