import { Hono } from 'hono';
import { verifyYousignSignature, YOUSIGN_SIGNATURE_HEADER, yousignEventSchema } from '../../../adapters/esign/yousign/yousign-webhook.ts';
import { handleYousignEvent } from '../../../domain/signature/yousign-signature.ts';
import type { AppEnv } from '../../context.ts';
import { problem } from '../../problem.ts';

/**
 * `POST /api/v1/webhooks/yousign`: Yousign's events. The HMAC-SHA256 signature
 * (`X-Yousign-Signature-256`) is checked over the raw bytes, in constant time, before anything is
 * parsed: a forged or unsigned call is a 401 and changes nothing. Then the event is applied
 * (deduplicated on `event_id`, any order); an unknown request is acknowledged and ignored.
 */
export const yousignWebhookRouter = new Hono<AppEnv>().post('/webhooks/yousign', async (c) => {
  const deps = c.get('deps');
  const secret = deps.config.YOUSIGN_WEBHOOK_SECRET;
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!secret || !verifyYousignSignature(secret, raw, c.req.header(YOUSIGN_SIGNATURE_HEADER))) {
    return problem(c, 401, 'Invalid or missing webhook signature', { code: 'unauthorized' });
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return problem(c, 400, 'The webhook body is not JSON', { code: 'invalid_input', errors: [{ field: '(root)', location: 'body', message: 'invalid JSON' }] });
  }
  const parsed = yousignEventSchema.safeParse(json);
  if (!parsed.success) {
    return problem(c, 400, 'The webhook body is not a Yousign event', {
      code: 'invalid_input',
      errors: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(root)', location: 'body', message: issue.message })),
    });
  }
  if (!deps.signature) return problem(c, 503, 'La signature n’est pas configurée sur ce serveur', { code: 'unavailable' });
  const result = await handleYousignEvent(deps.signature, parsed.data);
  return c.json(result, 200);
});
