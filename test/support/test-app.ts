import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { LocalDocumentStorage } from '../../adapters/storage/local-document-storage.ts';
import { createApp, type App } from '../../api/app.ts';
import type { AppDeps } from '../../api/context.ts';
import { parseConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';

/** The real HTTP application over a test database, with a silent logger and documents stored in a fresh temporary directory. */
export function createTestApp(database: Database, overrides: Partial<AppDeps> = {}): App {
  return createApp({
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    database,
    logger: pino({ level: 'silent' }),
    documentStorage: new LocalDocumentStorage({ root: mkdtempSync(join(tmpdir(), 'echeance-documents-')) }),
    ...overrides,
  });
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A tiny HTTP client over `app.request`, authenticated with a bearer token when given. */
export function apiClient(app: App, token?: string) {
  const send = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await app.request(path, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  };
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => send<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => send<T>('POST', path, body ?? {}, headers),
    patch: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => send<T>('PATCH', path, body, headers),
    put: <T = any>(path: string, body: unknown, headers?: Record<string, string>) => send<T>('PUT', path, body, headers),
    delete: <T = any>(path: string, headers?: Record<string, string>) => send<T>('DELETE', path, undefined, headers),
    send,
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
