import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Sends a page (a Hono JSX element) as HTML with its doctype. Client pages are personal: never
 * cached by a shared cache, never kept by the browser after sign-out.
 */
export async function renderPage(c: Context, element: unknown, status = 200): Promise<Response> {
  const html = await (element as { toString(): string | Promise<string> }).toString();
  c.header('Cache-Control', 'no-store');
  return c.html(`<!DOCTYPE html>${html}`, status as ContentfulStatusCode);
}
