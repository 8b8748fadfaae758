import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { firmSignatureSettings, signatureDocuments, signatureEvents, signatureRequests, signatureSigners } from '../../../db/schema/index.ts';
import { idParams, jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const instant = z.iso.datetime();

export const signatureRequestSchema = createSelectSchema(signatureRequests, { createdAt: instant, updatedAt: instant, expiresAt: instant, completedAt: instant.nullable() })
  .extend({
    signers: z.array(
      createSelectSchema(signatureSigners, {
        createdAt: instant,
        updatedAt: instant,
        signedAt: instant.nullable(),
        lockedAt: instant.nullable(),
        otpExpiresAt: instant.nullable(),
        lastRemindedAt: instant.nullable(),
        signatureMark: z.unknown(),
      }).omit({ accessTokenHash: true, otpHash: true }),
    ),
    documents: z.array(createSelectSchema(signatureDocuments)),
    events: z.array(createSelectSchema(signatureEvents, { at: instant, data: z.record(z.string(), z.unknown()) })),
  })
  .openapi('SignatureRequest');

export const sendLetterForSignatureRoute = createRoute({
  method: 'post',
  path: '/missions/{id}/letter/signature',
  tags: ['Letters'],
  summary: 'Send the validated letter for signature: manual (emailed links) or electronic (Yousign when configured, otherwise the built-in page)',
  description:
    'Refused (422) while the client’s AML identification is incomplete, naming each missing item in `missing`; or when a signer’s email or mobile is missing or invalid, naming each in `errors`.',
  request: {
    params: idParams,
    body: jsonBody(z.object({ way: z.enum(['manual', 'electronic']).default('electronic'), level: z.enum(['simple', 'advanced']).default('simple') }).openapi('LetterSignatureInput')),
  },
  responses: {
    201: jsonResponse(
      z.object({ request: signatureRequestSchema, copyPaste: z.object({ subject: z.string(), text: z.string(), html: z.string() }).nullable() }).openapi('LetterSignatureOutcome'),
      'The signature request (and, for the manual way, the email to copy into the firm’s mailbox)',
    ),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

export const getLetterSignatureRoute = createRoute({
  method: 'get',
  path: '/missions/{id}/letter/signature',
  tags: ['Letters'],
  summary: 'Where the letter’s signature stands: each signer’s status and the events (audit trail)',
  request: { params: idParams },
  responses: { 200: jsonResponse(signatureRequestSchema, 'The latest signature request'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const getQuoteSignatureRoute = createRoute({
  method: 'get',
  path: '/quotes/{id}/signature',
  tags: ['Quotes'],
  summary: 'Where the quote’s e-signature stands (the request the client opened from the online quote): the signer’s status and the events (audit trail)',
  request: { params: idParams },
  responses: { 200: jsonResponse(signatureRequestSchema, 'The latest signature request'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const firmSignatureSettingsSchema = createSelectSchema(firmSignatureSettings, { updatedAt: instant }).openapi('FirmSignatureSettings');

export const getFirmSignatureSettingsRoute = createRoute({
  method: 'get',
  path: '/firms/{id}/signature-settings',
  tags: ['Letters'],
  summary: 'How long the firm’s signature requests stay open and how often unsigned signers are reminded (defaults: 30 days, every 7 days)',
  request: { params: idParams },
  responses: { 200: jsonResponse(firmSignatureSettingsSchema, 'The settings'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const saveFirmSignatureSettingsRoute = createRoute({
  method: 'put',
  path: '/firms/{id}/signature-settings',
  tags: ['Letters'],
  summary: 'Change the firm’s signature settings (admin); they apply to requests sent from then on',
  request: {
    params: idParams,
    body: jsonBody(
      z
        .object({ expiresInDays: z.number().int().min(1).max(365).optional(), reminderIntervalDays: z.number().int().min(1).max(60).optional() })
        .openapi('FirmSignatureSettingsInput'),
    ),
  },
  responses: { 200: jsonResponse(firmSignatureSettingsSchema, 'The settings'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});
