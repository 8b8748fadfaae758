import { desc, sql } from 'drizzle-orm';
import type { App } from '../../../api/app.ts';
import type { Db } from '../../../db/client.ts';
import { outboxEmails } from '../../../db/schema/index.ts';

export interface PageResponse {
  status: number;
  headers: Headers;
  html: string;
  location: string | null;
}

/**
 * A browser-like client of the client pages over `app.request`: keeps cookies (as a browser
 * would, by name), posts url-encoded forms, does not follow redirects (tests assert them).
 */
export function pageClient(app: App) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') jar.delete(name!.trim());
      else jar.set(name!.trim(), value);
    }
  };
  const send = async (method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<PageResponse> => {
    const response = await app.request(path, { method, headers: { ...(jar.size > 0 ? { Cookie: cookieHeader() } : {}), ...headers }, ...(body !== undefined ? { body } : {}) });
    remember(response);
    return { status: response.status, headers: response.headers, html: await response.text(), location: response.headers.get('Location') };
  };
  return {
    jar,
    get: (path: string) => send('GET', path),
    /** Posts a form as a browser does; `_csrf` is added from the cookie unless `csrf: false` or given. */
    postForm: (path: string, fields: Record<string, string>, options: { csrf?: boolean } = {}) => {
      const form = new URLSearchParams(fields);
      if (options.csrf !== false && !form.has('_csrf') && jar.has('ech_csrf')) form.set('_csrf', jar.get('ech_csrf')!);
      return send('POST', path, form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    },
    postMultipart: (path: string, form: FormData, options: { csrf?: boolean } = {}) => {
      if (options.csrf !== false && !form.has('_csrf') && jar.has('ech_csrf')) form.set('_csrf', jar.get('ech_csrf')!);
      return send('POST', path, form);
    },
  };
}
export type PageClient = ReturnType<typeof pageClient>;

/** The value of a hidden input in a page. */
export function hiddenField(html: string, name: string): string | undefined {
  return html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1];
}

/** The latest email sent to `address` (from the outbox table), optionally of one kind (tag). */
export async function latestEmailTo(db: Db, address: string, kind?: string) {
  const [row] = await db
    .select()
    .from(outboxEmails)
    .where(kind ? sql`${outboxEmails.toAddresses} ? ${address} and ${outboxEmails.tags}->>'kind' = ${kind}` : sql`${outboxEmails.toAddresses} ? ${address}`)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(1);
  return row;
}

/**
 * The one-time code of a signature-code email: the six digits on their own line after the
 * instruction (a firm name or an address in the same email may hold six digits too).
 */
export function signatureCodeIn(text: string): string {
  const code = text.match(/confirmer votre signature :\s+(\d{6})\s/)?.[1];
  if (!code) throw new Error(`no signature code in:\n${text}`);
  return code;
}

/** The first link of an email's text body that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const link = text.match(new RegExp(`${prefix.replace(/[.?]/g, '\\$&')}[^\\s\\])]*`))?.[0];
  if (!link) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return link;
}
