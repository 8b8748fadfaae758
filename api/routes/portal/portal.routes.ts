import { createRoute, z } from '@hono/zod-openapi';
import { idParams, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

/** Client-facing routes authenticate with a contact's portal token, not a staff token. */
const security = [{ portalToken: [] }];
const tags = ['Client portal'];

/** `?token=` is accepted instead of the Authorization header (the link sent to the contact). */
const tokenQuery = z.object({ token: z.string().optional().openapi({ description: 'The portal token, when not sent as a bearer token' }) });

const portalProblems = { 401: { ...problemResponses[401], description: 'Missing, unknown or replaced portal token' }, 404: problemResponses[404] } as const;

const datetime = z.iso.datetime();

export const portalInformationRequestSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    message: z.string(),
    expectsFiles: z.boolean(),
    expectsText: z.boolean(),
    dueDate: z.iso.date().nullable(),
    status: z.enum(['open', 'answered', 'closed']),
    answeredAt: datetime.nullable(),
    closedAt: datetime.nullable(),
    createdAt: datetime,
  })
  .openapi('PortalInformationRequest');

export const portalAnswerSchema = z
  .object({
    id: z.uuid(),
    text: z.string().nullable(),
    files: z.array(z.object({ name: z.string(), mediaType: z.string(), size: z.number().int() })),
    contactName: z.string().nullable(),
    createdAt: datetime,
  })
  .openapi('PortalAnswer');

export const portalInformationRequestDetailSchema = portalInformationRequestSchema
  .extend({ answers: z.array(portalAnswerSchema) })
  .openapi('PortalInformationRequestDetail');

export const portalServiceRequestSchema = z
  .object({ id: z.uuid(), serviceId: z.uuid().nullable(), message: z.string(), createdAt: datetime })
  .openapi('PortalServiceRequest');

export const getMe = createRoute({
  method: 'get',
  path: '/portal/me',
  tags,
  security,
  summary: 'The signed-in contact and their client',
  request: { query: tokenQuery },
  responses: {
    200: jsonResponse(
      z
        .object({
          client: z.object({ id: z.uuid(), name: z.string() }),
          contact: z.object({
            id: z.uuid(),
            civility: z.enum(['M.', 'Mme']).nullable(),
            firstName: z.string(),
            lastName: z.string(),
            email: z.string().nullable(),
            mobile: z.string().nullable(),
          }),
        })
        .openapi('PortalProfile'),
      'The contact and client',
    ),
    401: portalProblems[401],
  },
});

export const listInformationRequests = createRoute({
  method: 'get',
  path: '/portal/information-requests',
  tags,
  security,
  summary: 'The client’s information requests (only theirs; tasks are never shown)',
  request: { query: paginationQuery.extend({ status: z.enum(['open', 'answered', 'closed']).optional() }).extend(tokenQuery.shape) },
  responses: {
    200: jsonResponse(pageOf(portalInformationRequestSchema, 'PortalInformationRequestPage'), 'A page of requests'),
    400: problemResponses[400],
    401: portalProblems[401],
  },
});

export const getInformationRequest = createRoute({
  method: 'get',
  path: '/portal/information-requests/{id}',
  tags,
  security,
  summary: 'One of the client’s requests with its answers (another client’s is a 404)',
  request: { params: idParams, query: tokenQuery },
  responses: { 200: jsonResponse(portalInformationRequestDetailSchema, 'The request'), 401: portalProblems[401], 404: portalProblems[404] },
});

const uploadedFile = z.instanceof(File).openapi({ type: 'string', format: 'binary' });
const uploadedFiles = z.union([uploadedFile, z.array(uploadedFile)]).optional();

/** A multipart answer: `text` and any number of `files[]` (or repeated `files`) parts. */
export const answerFormSchema = z
  .object({ text: z.string().max(20_000).optional(), 'files[]': uploadedFiles, files: uploadedFiles })
  .openapi('PortalAnswerForm');
/** A text-only answer as JSON. */
export const answerJsonSchema = z.object({ text: z.string().max(20_000).optional() }).openapi('PortalAnswerJson');

export const answerInformationRequest = createRoute({
  method: 'post',
  path: '/portal/information-requests/{id}/answers',
  tags,
  security,
  summary: 'Answer a request with text and/or files; the request becomes answered',
  description:
    'multipart/form-data with `text` and `files[]`, or JSON `{ "text": … }`. A files request needs at least one file (a text note may come with it), a text request needs text and takes no files. Closed requests cannot be answered (409).',
  request: {
    params: idParams,
    query: tokenQuery,
    body: {
      required: false,
      description: 'The answer',
      content: { 'multipart/form-data': { schema: answerFormSchema }, 'application/json': { schema: answerJsonSchema } },
    },
  },
  responses: {
    201: jsonResponse(portalInformationRequestDetailSchema, 'The answered request'),
    400: problemResponses[400],
    401: portalProblems[401],
    404: portalProblems[404],
    409: problemResponses[409],
    503: { ...problemResponses[409], description: 'Document storage is not configured' },
  },
});

export const createServiceRequest = createRoute({
  method: 'post',
  path: '/portal/service-requests',
  tags,
  security,
  summary: 'Ask the firm for a service; the firm reviews it and turns it into a mission line',
  request: {
    query: tokenQuery,
    body: jsonBody(
      z
        .object({
          serviceId: z.uuid().nullish().openapi({ description: 'A service of the firm’s catalogue, if the client picked one' }),
          message: z.string().trim().min(1).max(5000),
        })
        .openapi('PortalServiceRequestInput'),
    ),
  },
  responses: { 201: jsonResponse(portalServiceRequestSchema, 'The request'), 400: problemResponses[400], 401: portalProblems[401] },
});

export const listServiceRequests = createRoute({
  method: 'get',
  path: '/portal/service-requests',
  tags,
  security,
  summary: 'The client’s service requests, newest first',
  request: { query: paginationQuery.extend(tokenQuery.shape) },
  responses: { 200: jsonResponse(pageOf(portalServiceRequestSchema, 'PortalServiceRequestPage'), 'A page of service requests'), 400: problemResponses[400], 401: portalProblems[401] },
});
