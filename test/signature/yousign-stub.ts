import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { signYousignBody } from '../../adapters/esign/yousign/yousign-webhook.ts';

interface StubRequest {
  id: string;
  status: string;
  body: Record<string, unknown>;
  documents: { id: string; nature: string; fileName: string; parseAnchors: boolean; bytes: Buffer }[];
  signers: { id: string; body: Record<string, unknown> }[];
  /** The bodies of the `cancel` calls that withdrew it (one at most: a closed request refuses). */
  cancellations: Record<string, unknown>[];
}

/**
 * A local stand-in for Yousign's API v3, enough for the product's adapter: bearer key, signature
 * requests (draft → ongoing on activate → done, or canceled), multipart documents, signers, downloads once done
 * (the signed document, and an audit trail PDF), and webhooks signed like Yousign's
 * (`X-Yousign-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`) posted to a URL.
 */
export async function startYousignStub(options: { apiKey: string; webhookSecret: string }) {
  const requests = new Map<string, StubRequest>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) return reply(401, { detail: 'Unauthorized' });
    const url = new URL(req.url ?? '/', 'http://stub');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method === 'POST' && url.pathname === '/signature_requests') {
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      for (const field of ['name', 'delivery_mode']) if (!body[field]) return reply(400, { detail: `${field} is required` });
      const request: StubRequest = { id: randomUUID(), status: 'draft', body, documents: [], signers: [], cancellations: [] };
      requests.set(request.id, request);
      return reply(201, { id: request.id, status: 'draft', external_id: body.external_id });
    }
    const request = parts[0] === 'signature_requests' ? requests.get(parts[1] ?? '') : undefined;
    if (!request) return reply(404, { detail: 'Not found' });
    if (req.method === 'GET' && parts.length === 2) return reply(200, { id: request.id, status: request.status, external_id: request.body.external_id });
    if (req.method === 'POST' && parts[2] === 'documents') {
      const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file') as File | null;
      if (!file || !form.get('nature')) return reply(400, { detail: 'file and nature are required' });
      const document = { id: randomUUID(), nature: String(form.get('nature')), fileName: file.name, parseAnchors: form.get('parse_anchors') === 'true', bytes: Buffer.from(await file.arrayBuffer()) };
      request.documents.push(document);
      return reply(201, { id: document.id, nature: document.nature });
    }
    if (req.method === 'POST' && parts[2] === 'signers') {
      const signer = { id: randomUUID(), body: JSON.parse(raw.toString('utf8')) as Record<string, unknown> };
      request.signers.push(signer);
      return reply(201, { id: signer.id });
    }
    if (req.method === 'POST' && parts[2] === 'activate') {
      if (request.documents.length === 0 || request.signers.length === 0) return reply(400, { detail: 'documents and signers are required' });
      request.status = 'ongoing';
      return reply(201, { id: request.id, status: 'ongoing' });
    }
    if (req.method === 'POST' && parts[2] === 'cancel') {
      const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
      if (!['contractualization_aborted', 'errors_in_document', 'other'].includes(String(body.reason))) return reply(400, { detail: 'reason is invalid' });
      if (!['ongoing', 'approval'].includes(request.status)) return reply(400, { detail: `a ${request.status} signature request cannot be canceled` });
      request.status = 'canceled';
      request.cancellations.push(body);
      return reply(201, { id: request.id, status: 'canceled' });
    }
    if (req.method === 'GET' && parts[2] === 'documents' && parts[4] === 'download') {
      const document = request.documents.find((d) => d.id === parts[3]);
      if (!document || request.status !== 'done') return reply(404, { detail: 'Not available' });
      const signed = await PDFDocument.load(document.bytes);
      const page = signed.addPage();
      page.drawText('Signed with Yousign (stub)', { x: 50, y: 700, size: 14, font: await signed.embedFont(StandardFonts.Helvetica) });
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(await signed.save()));
    }
    if (req.method === 'GET' && parts[2] === 'audit_trails') {
      if (request.status !== 'done') return reply(404, { detail: 'Not available' });
      const audit = await PDFDocument.create();
      audit.addPage().drawText(`Audit trail ${request.id}`, { x: 50, y: 700, size: 14, font: await audit.embedFont(StandardFonts.Helvetica) });
      return res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(await audit.save()));
    }
    return reply(404, { detail: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** A webhook payload as Yousign sends it, with a fresh (or given) event id; `extra` joins its `data` (a decline's `reason`). */
  const event = (requestId: string, eventName: string, signerId?: string, eventId = randomUUID(), extra: Record<string, unknown> = {}) => {
    const request = requests.get(requestId)!;
    if (eventName === 'signature_request.done') request.status = 'done';
    return JSON.stringify({
      event_id: eventId,
      event_name: eventName,
      event_time: String(Math.floor(Date.now() / 1000)),
      subscription_id: 'sub_stub',
      sandbox: true,
      data: { signature_request: { id: requestId, status: request.status, external_id: request.body.external_id }, ...(signerId ? { signer: { id: signerId, status: 'signed' } } : {}), ...extra },
    });
  };

  return {
    baseUrl,
    requests,
    event,
    /** Posts a raw body to the webhook URL, signed like Yousign (or with the given signature). */
    async deliver(url: string, body: string, signature = signYousignBody(options.webhookSecret, body)): Promise<number> {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-yousign-signature-256': signature, 'x-yousign-retry': '0', 'x-yousign-issued-at': new Date().toISOString() }, body });
      await response.arrayBuffer();
      return response.status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
