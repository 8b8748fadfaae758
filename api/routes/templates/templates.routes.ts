import { createRoute, z } from '@hono/zod-openapi';
import { TEMPLATE_KINDS } from '../../../domain/templates/template-kinds.ts';
import { problemSchema } from '../../problem.ts';
import { jsonBody, jsonResponse, problemResponses } from '../../openapi-schemas.ts';

const tags = ['Templates'];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const templateVariableSchema = z
  .object({
    path: z.string().openapi({ example: 'quote.url' }),
    description: z.string(),
    sample: z.union([scalar, z.array(z.record(z.string(), scalar)).readonly()]),
  })
  .openapi('TemplateVariable');

export const firmTemplateSchema = z
  .object({
    kind: z.enum(TEMPLATE_KINDS),
    label: z.string(),
    channel: z.enum(['letter', 'email-subject', 'email-body']),
    singleLine: z.boolean(),
    maxLength: z.number().int(),
    variables: z.array(templateVariableSchema).readonly(),
    requiredLinks: z.array(z.string()).readonly().openapi({ description: 'Variables that must be printed as is (seed 002: the online quote link)' }),
    body: z.string().openapi({ description: 'The Liquid text in force: the organisation’s own, or the default' }),
    customised: z.boolean().openapi({ description: 'False while the organisation uses the default text' }),
    updatedAt: z.iso.datetime().nullable(),
    updatedByUserId: z.uuid().nullable(),
    updatedByLabel: z.string().nullable(),
  })
  .openapi('FirmTemplate');

const templateProblemSchema = z.object({
  code: z.enum(['syntax_error', 'unknown_filter', 'forbidden_tag', 'unknown_variable', 'missing_required_link', 'limit_exceeded', 'render_failed', 'too_long']),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  variable: z.string().optional(),
});

const templateRefusalSchema = problemSchema
  .extend({ kind: z.enum(TEMPLATE_KINDS).optional(), problems: z.array(templateProblemSchema).optional() })
  .openapi('TemplateProblem');

const templateRefusal = {
  description: 'Invalid input, or a text the template engine refuses: each problem is listed with its line and column under `problems`',
  content: { 'application/problem+json': { schema: templateRefusalSchema } },
};

export const kindParams = z.object({
  kind: z.enum(TEMPLATE_KINDS).openapi({ param: { name: 'kind', in: 'path' }, example: 'email.quote-sent.body' }),
});

export const templateInputSchema = z
  .object({ body: z.string().min(1, 'ne peut pas être vide').max(50_000) })
  .openapi('FirmTemplateInput');

export const listTemplates = createRoute({
  method: 'get',
  path: '/templates',
  tags,
  summary: 'List every template kind with its variables, required links and the text in force',
  responses: {
    200: jsonResponse(z.object({ items: z.array(firmTemplateSchema) }).openapi('FirmTemplateList'), 'Every template kind'),
    401: problemResponses[401],
  },
});

export const getTemplate = createRoute({
  method: 'get',
  path: '/templates/{kind}',
  tags,
  summary: 'Read one template kind and the text in force',
  request: { params: kindParams },
  responses: { 200: jsonResponse(firmTemplateSchema, 'The template'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const saveTemplate = createRoute({
  requires: 'admin',
  method: 'put',
  path: '/templates/{kind}',
  tags,
  summary: 'Save the organisation’s text for a template kind (admin)',
  description:
    'The text is validated before anything is written: a Liquid syntax error, an unknown variable or filter, a tag that loads another template, or a missing required link is refused with a 400 listing each problem and its position.',
  request: { params: kindParams, body: jsonBody(templateInputSchema) },
  responses: {
    200: jsonResponse(firmTemplateSchema, 'The saved template'),
    400: templateRefusal,
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

export const resetTemplate = createRoute({
  requires: 'admin',
  method: 'delete',
  path: '/templates/{kind}',
  tags,
  summary: 'Reset a template kind to the default text (admin)',
  request: { params: kindParams },
  responses: {
    200: jsonResponse(firmTemplateSchema, 'The template, back to the default text'),
    400: problemResponses[400],
    401: problemResponses[401],
    403: problemResponses[403],
  },
});

export const previewTemplate = createRoute({
  method: 'post',
  path: '/templates/{kind}/preview',
  tags,
  summary: 'Preview a template with sample data, as HTML or PDF',
  description:
    'Renders the text in force — or the draft sent in the body, which is validated but never saved — with the kind’s French sample data. A letter paragraph is shown inside the whole engagement letter, an email subject or body inside the whole message.',
  request: {
    params: kindParams,
    query: z.object({ format: z.enum(['html', 'pdf']).default('html').openapi({ param: { name: 'format', in: 'query' } }) }),
    body: {
      required: false,
      description: 'A draft to preview instead of the saved text',
      content: { 'application/json': { schema: z.object({ body: z.string().max(50_000).optional() }).openapi('TemplatePreviewInput') } },
    },
  },
  responses: {
    200: {
      description: 'The preview',
      content: {
        'text/html': { schema: z.string() },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: templateRefusal,
    401: problemResponses[401],
    503: { description: 'PDF rendering is not available on this server', content: { 'application/problem+json': { schema: problemSchema } } },
  },
});
