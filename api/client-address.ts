import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The address of whoever sent the request, as far as the deployment can vouch for it.
 *
 * With no reverse proxy in front (`TRUSTED_PROXY_HOPS=0`, the default) it is the socket's peer,
 * and `X-Forwarded-For` is ignored: anyone can write that header, and an address taken from it
 * would let a client choose the IP printed in a signature's audit trail or escape a per-IP rate
 * limit. Behind N proxies that each append the address they received from (nginx's
 * `$proxy_add_x_forwarded_for`, cloud load balancers), the client is the N-th address from the
 * right of `X-Forwarded-For`: what the outermost trusted proxy saw. Entries further left were
 * written by the client and are never read. With fewer entries than hops, the leftmost is taken.
 *
 * Undefined for an in-process request (`app.request`, no socket) when no proxy is trusted.
 */
export function clientAddress(c: Context, trustedProxyHops: number): string | undefined {
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
  if (trustedProxyHops === 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
  // Nearest first: the socket's peer (the last proxy), then what each proxy appended, right to left.
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustedProxyHops, hops.length - 1)];
}
