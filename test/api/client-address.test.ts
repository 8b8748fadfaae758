import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../api/client-address.ts';

/** What clientAddress answers for a request from `peer` (the socket) carrying `forwarded` as X-Forwarded-For. */
async function addressOf(trustedProxyHops: number, peer: string | undefined, forwarded?: string): Promise<string> {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trustedProxyHops) ?? '(none)'));
  const response = await app.request('/', { headers: forwarded === undefined ? {} : { 'X-Forwarded-For': forwarded } }, peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined);
  return response.text();
}

describe('the client address', () => {
  it('is the socket peer when no proxy is trusted: a forged X-Forwarded-For is ignored', async () => {
    expect(await addressOf(0, '203.0.113.5')).toBe('203.0.113.5');
    expect(await addressOf(0, '203.0.113.5', '198.51.100.66')).toBe('203.0.113.5');
    expect(await addressOf(0, undefined, '198.51.100.66')).toBe('(none)');
  });

  it('behind trusted proxies, is the address the outermost one saw, never what the client prepended', async () => {
    // One proxy (10.0.0.2) appended the client's address; the client had forged the first entry.
    expect(await addressOf(1, '10.0.0.2', '198.51.100.66, 203.0.113.7')).toBe('203.0.113.7');
    // Two proxies: the CDN appended the client, the load balancer appended the CDN.
    expect(await addressOf(2, '10.0.0.2', '198.51.100.66, 203.0.113.7, 192.0.2.40')).toBe('203.0.113.7');
    // Fewer entries than hops (a request that reached an inner proxy directly): the leftmost.
    expect(await addressOf(2, '10.0.0.2', '203.0.113.9')).toBe('203.0.113.9');
    expect(await addressOf(1, '10.0.0.2')).toBe('10.0.0.2');
    expect(await addressOf(1, '10.0.0.2', ' , ')).toBe('10.0.0.2');
  });
});
