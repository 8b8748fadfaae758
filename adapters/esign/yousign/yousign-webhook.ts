import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The header Yousign signs its webhooks with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const YOUSIGN_SIGNATURE_HEADER = 'x-yousign-signature-256';

/** Signs a raw body as Yousign does (the stub uses it; so could a replay tool). */
export function signYousignBody(secret: string, rawBody: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/**
 * Checks a webhook's signature over the exact bytes received, in constant time, before anything
 * is parsed: a missing, malformed or wrong signature is refused.
 */
export function verifyYousignSignature(secret: string, rawBody: Uint8Array, header: string | undefined | null): boolean {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '')?.[1];
  if (!given) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The part of Yousign's webhook payload we act on (other fields are ignored). */
export const yousignEventSchema = z.object({
  event_id: z.string().min(1).max(200),
  event_name: z.string().min(1).max(100),
  event_time: z.union([z.string(), z.number()]),
  sandbox: z.boolean().optional(),
  data: z.object({
    signature_request: z.object({ id: z.string().min(1), status: z.string().optional(), external_id: z.string().nullish() }),
    signer: z.object({ id: z.string().min(1), status: z.string().optional() }).nullish(),
    reason: z.string().nullish(),
  }),
});
export type YousignEvent = z.infer<typeof yousignEventSchema>;

/** When the event happened: Yousign sends a unix timestamp (seconds) or an ISO string. */
export function yousignEventTime(event: YousignEvent): Date {
  const time = typeof event.event_time === 'number' ? event.event_time * 1000 : /^\d+$/.test(event.event_time) ? Number(event.event_time) * 1000 : Date.parse(event.event_time);
  return Number.isFinite(time) ? new Date(time) : new Date();
}
