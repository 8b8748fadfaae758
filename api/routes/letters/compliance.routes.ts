import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { amlRiskLevels, clientAmlRecords, firmLegalInformation } from '../../../db/schema/index.ts';
import { idParams, jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const instant = z.iso.datetime();

export const firmLegalInformationSchema = createSelectSchema(firmLegalInformation, { updatedAt: instant }).openapi('FirmLegalInformation');

export const getFirmLegalInformationRoute = createRoute({
  method: 'get',
  path: '/firms/{id}/legal-information',
  tags: ['Letters'],
  summary: 'What the legal information sheet (FIL) prints beyond the firm’s identity',
  request: { params: idParams },
  responses: { 200: jsonResponse(firmLegalInformationSchema, 'The information'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const saveFirmLegalInformationRoute = createRoute({
  requires: 'admin',
  method: 'put',
  path: '/firms/{id}/legal-information',
  tags: ['Letters'],
  summary: 'Set the consumer mediator and professional insurance printed on the FIL (admin)',
  request: {
    params: idParams,
    body: jsonBody(z.object({ consumerMediator: z.string().trim().max(500).nullable().optional(), professionalInsurance: z.string().trim().max(500).nullable().optional() }).openapi('FirmLegalInformationInput')),
  },
  responses: { 200: jsonResponse(firmLegalInformationSchema, 'The information'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const addFilRoute = createRoute({
  method: 'post',
  path: '/missions/{id}/letter/fil',
  tags: ['Letters'],
  summary: 'Print the firm’s legal information sheet into the letter’s folder and attach it (« Ajouter la FIL »)',
  request: { params: idParams },
  responses: {
    201: jsonResponse(z.object({ documentId: z.uuid(), sha256: z.string(), attachmentDocumentIds: z.array(z.uuid()) }), 'The FIL, attached'),
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
    422: problemResponses[422],
  },
});

const attachmentParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  documentId: z.uuid().openapi({ param: { name: 'documentId', in: 'path' } }),
});

export const attachDocumentRoute = createRoute({
  method: 'put',
  path: '/missions/{id}/letter/attachments/{documentId}',
  tags: ['Letters'],
  summary: 'Attach a document of the client’s store to the letter (« Ajouter un document »)',
  request: { params: attachmentParams },
  responses: { 200: jsonResponse(z.object({ attachmentDocumentIds: z.array(z.uuid()) }), 'The attachments'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});

export const detachDocumentRoute = createRoute({
  method: 'delete',
  path: '/missions/{id}/letter/attachments/{documentId}',
  tags: ['Letters'],
  summary: 'Detach a document from the letter',
  request: { params: attachmentParams },
  responses: { 200: jsonResponse(z.object({ attachmentDocumentIds: z.array(z.uuid()) }), 'The attachments'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 422: problemResponses[422] },
});

const amlGapSchema = z.object({ item: z.enum(['risk_level', 'id_document', 'registry_extract', 'registry_extract_outdated', 'beneficial_owners']), message: z.string() });

export const clientAmlSchema = z
  .object({
    record: createSelectSchema(clientAmlRecords, {
      updatedAt: instant,
      beneficialOwners: z.array(z.object({ fullName: z.string(), birthDate: z.string().optional(), ownershipPercent: z.number().optional() })),
    }),
    missing: z.array(amlGapSchema).openapi({ description: 'What the identification still lacks today; empty when the letter may go to signature' }),
  })
  .openapi('ClientAml');

export const getClientAmlRoute = createRoute({
  method: 'get',
  path: '/clients/{id}/aml',
  tags: ['Letters'],
  summary: 'The client’s anti-money-laundering identification and what it lacks',
  request: { params: idParams },
  responses: { 200: jsonResponse(clientAmlSchema, 'The identification'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const saveClientAmlRoute = createRoute({
  method: 'put',
  path: '/clients/{id}/aml',
  tags: ['Letters'],
  summary: 'Record the client’s identification: ID or registry extract, beneficial owners, risk level, end of relationship',
  request: {
    params: idParams,
    body: jsonBody(
      z
        .object({
          riskLevel: z.enum(amlRiskLevels).nullable().optional(),
          idDocumentId: z.uuid().nullable().optional(),
          registryExtractDocumentId: z.uuid().nullable().optional(),
          registryExtractIssuedOn: z.iso.date().nullable().optional(),
          beneficialOwners: z.array(z.object({ fullName: z.string().trim().min(1).max(200), birthDate: z.iso.date().optional(), ownershipPercent: z.number().min(0).max(100).optional() })).max(20).optional(),
          relationshipEndedOn: z.iso.date().nullable().optional(),
        })
        .strict()
        .openapi('ClientAmlInput'),
    ),
  },
  responses: { 200: jsonResponse(clientAmlSchema, 'The identification'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});
