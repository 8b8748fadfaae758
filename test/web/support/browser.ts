/**
 * What the Chromium scenarios share: Debian's Chromium (skipped with a printed reason where it is
 * missing), launched headless as this machine needs, and the app served on a free local port.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** True when Chromium is installed; otherwise prints why `scenario` is skipped. */
export function hasChromiumFor(scenario: string): boolean {
  const found = existsSync(CHROMIUM);
  if (!found) console.warn(`Skipping ${scenario}: no Chromium at ${CHROMIUM} (apt-get install chromium).`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * Serves the app on a free port of 127.0.0.1. The app is read at each request, so it can be
 * built once `origin` is known (its links must carry it).
 */
export async function serveOnFreePort(app: () => { fetch(request: Request): Response | Promise<Response> }): Promise<{ origin: string; close(): Promise<void> }> {
  const server: ServerType = serve({ fetch: (request) => app().fetch(request), hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
