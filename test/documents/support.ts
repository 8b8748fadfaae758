import { createHash } from 'node:crypto';
import type { App } from '../../api/app.ts';
import type { ApiResponse } from '../support/test-app.ts';

/** Uploads bytes as the multipart `file` field, like a browser form would. */
export async function uploadFile(
  app: App,
  token: string,
  path: string,
  file: { name: string; type?: string; bytes: Uint8Array | string },
  fields: Record<string, string> = {},
): Promise<ApiResponse> {
  const form = new FormData();
  const bytes = typeof file.bytes === 'string' ? new TextEncoder().encode(file.bytes) : file.bytes;
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers, text };
}

/** Downloads raw bytes (the JSON test client would decode them as text). */
export async function download(app: App, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const response = await app.request(path, { headers });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Lowercase hex SHA-256. */
export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
