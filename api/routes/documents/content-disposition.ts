import { contentDisposition, fileHeaders } from '../../file-response.ts';

/** @deprecated Use `contentDisposition` from `api/file-response.ts` (kept for callers written before it). */
export const attachmentDisposition = (filename: string): string => contentDisposition(filename);

/** Headers of a document download: `fileHeaders` of `api/file-response.ts`, the one download helper. */
export function downloadHeaders(document: { name: string; mediaType: string; sha256: string }, size: number): Record<string, string> {
  return fileHeaders({ name: document.name, mediaType: document.mediaType, sha256: document.sha256, size });
}
