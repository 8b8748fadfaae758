import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { customFieldKinds, letterModelKinds, letterModels, letterParagraphs, missionLetters, serviceTypes } from '../../../db/schema/index.ts';
import { idParams, jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';
import { customFieldSchema } from '../custom-fields/custom-fields.routes.ts';

const tags = ['Letters'];
const instant = z.iso.datetime();
const paragraphsShape = Object.fromEntries(letterParagraphs.map((p) => [p, z.string().max(20_000).optional()])) as Record<(typeof letterParagraphs)[number], z.ZodOptional<z.ZodString>>;
const paragraphsPatchShape = Object.fromEntries(letterParagraphs.map((p) => [p, z.string().max(20_000).nullable().optional()])) as Record<
  (typeof letterParagraphs)[number],
  z.ZodOptional<z.ZodNullable<z.ZodString>>
>;

export const letterModelSchema = createSelectSchema(letterModels, {
  createdAt: instant,
  updatedAt: instant,
  archivedAt: instant.nullable(),
  paragraphs: z.object(paragraphsShape),
})
  .extend({ group: z.string(), signable: z.boolean(), sources: z.object(Object.fromEntries(letterParagraphs.map((p) => [p, z.string()]))) })
  .openapi('LetterModel');

const binary = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])),
});

export const listLetterModelsRoute = createRoute({
  method: 'get',
  path: '/letter-models',
  tags,
  summary: 'A firm’s letter models: the engagement letters and seed 003’s print set',
  request: { query: z.object({ firmId: z.uuid().openapi({ param: { name: 'firmId', in: 'query' } }) }) },
  responses: { 200: jsonResponse(z.object({ items: z.array(letterModelSchema) }), 'The models'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const createLetterModelRoute = createRoute({
  requires: 'admin',
  method: 'post',
  path: '/letter-models',
  tags,
  summary: 'Add a letter model to a firm (admin); paragraphs left out use the kind’s default text',
  request: { body: jsonBody(z.object({ firmId: z.uuid(), kind: z.enum(letterModelKinds), name: z.string().trim().min(1).max(120), paragraphs: z.object(paragraphsShape).default({}) }).openapi('LetterModelInput')) },
  responses: { 201: jsonResponse(letterModelSchema, 'The model'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404], 409: problemResponses[409] },
});

export const updateLetterModelRoute = createRoute({
  requires: 'admin',
  method: 'patch',
  path: '/letter-models/{id}',
  tags,
  summary: 'Change a model’s name or paragraphs (admin); null resets a paragraph to the default text',
  request: { params: idParams, body: jsonBody(z.object({ name: z.string().trim().min(1).max(120).optional(), paragraphs: z.object(paragraphsPatchShape).optional() }).openapi('LetterModelPatch')) },
  responses: { 200: jsonResponse(letterModelSchema, 'The model'), 400: problemResponses[400], 401: problemResponses[401], 403: problemResponses[403], 404: problemResponses[404] },
});

export const printLetterModelRoute = createRoute({
  method: 'post',
  path: '/letter-models/{id}/print',
  tags,
  summary: 'Print a model for a mission or a prospect file, as HTML, PDF or editable .docx (writes nothing)',
  request: {
    params: idParams,
    query: z.object({ format: z.enum(['html', 'pdf', 'docx']).default('pdf').openapi({ param: { name: 'format', in: 'query' } }) }),
    body: jsonBody(z.union([z.object({ missionId: z.uuid() }).strict(), z.object({ prospectFileId: z.uuid() }).strict()]).openapi('LetterPrintSubject')),
  },
  responses: {
    200: binary('The printed letter', ['application/pdf', 'text/html', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    422: problemResponses[422],
  },
});

export const missionLetterSchema = createSelectSchema(missionLetters, {
  createdAt: instant,
  updatedAt: instant,
  frozenAt: instant.nullable(),
  customValues: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  attachmentDocumentIds: z.array(z.uuid()),
}).openapi('MissionLetter');

const missionLetterViewSchema = z
  .object({
    letter: missionLetterSchema,
    saved: z.boolean().openapi({ description: 'False while the mission shows the pre-filled draft' }),
    missing: z.array(z.string()).openapi({ description: 'Fields still needed before the mission can be validated' }),
    customFields: z.array(customFieldSchema),
  })
  .openapi('MissionLetterView');

const customValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]).nullable();

export const missionLetterInputSchema = z
  .object({
    modelId: z.uuid().optional(),
    missionType: z.enum(serviceTypes).optional(),
    interviewDate: z.iso.date().nullable().optional(),
    objectives: z.string().max(20_000).nullable().optional(),
    nature: z.string().max(20_000).nullable().optional(),
    needs: z.string().max(20_000).nullable().optional(),
    typology: z.string().max(200).nullable().optional(),
    customValues: z.record(z.string(), customValue).optional().openapi({ description: `Values by custom field key; kinds ${customFieldKinds.join(', ')}; money in cents` }),
    firmRepresentativeUserId: z.uuid().nullable().optional(),
    clientRepresentativeContactId: z.uuid().nullable().optional(),
    destinationFolderId: z.uuid().nullable().optional(),
    attachmentDocumentIds: z.array(z.uuid()).max(20).optional(),
  })
  .strict()
  .openapi('MissionLetterInput');

export const getMissionLetterRoute = createRoute({
  method: 'get',
  path: '/missions/{id}/letter',
  tags,
  summary: 'The mission’s engagement letter (pre-filled from the firm’s model until saved) and what is missing',
  request: { params: idParams },
  responses: { 200: jsonResponse(missionLetterViewSchema, 'The letter'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const saveMissionLetterRoute = createRoute({
  method: 'put',
  path: '/missions/{id}/letter',
  tags,
  summary: 'Fill in the mission’s letter (draft missions only); custom values validated, nothing written on error',
  request: { params: idParams, body: jsonBody(missionLetterInputSchema) },
  responses: {
    200: jsonResponse(missionLetterViewSchema, 'The letter'),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    409: problemResponses[409],
  },
});

export const previewMissionLetterRoute = createRoute({
  method: 'post',
  path: '/missions/{id}/letter/preview',
  tags,
  summary: 'Preview the letter as HTML or PDF, with unsaved changes if sent; writes nothing',
  request: {
    params: idParams,
    query: z.object({ format: z.enum(['html', 'pdf', 'docx']).default('pdf').openapi({ param: { name: 'format', in: 'query' } }) }),
    body: { required: false, content: { 'application/json': { schema: missionLetterInputSchema } } },
  },
  responses: {
    200: binary('The letter', ['application/pdf', 'text/html']),
    400: problemResponses[400],
    401: problemResponses[401],
    404: problemResponses[404],
    422: problemResponses[422],
  },
});
