// Schemas from the domain are created with plain zod, possibly before @hono/zod-openapi extends
// it (module order), so they are named and described with zod's own `.meta()`, never `.openapi()`.
import { createRoute, z } from '@hono/zod-openapi';
import { createSelectSchema } from 'drizzle-zod';
import { informationRequests, missionLines, missions, occurrences, tasks } from '../../../db/schema/index.ts';
import { amendmentInputSchema, manualSignatureInputSchema, missionInputSchema, missionPatchSchema } from '../../../domain/missions/mission-input.ts';
import { missionStatuses, signatureLevels } from '../../../domain/missions/mission-lifecycle.ts';
import { DeadlineRuleSchema } from '../../../domain/missions/schedule.ts';
import { IsoDateSchema } from '../../../domain/calendar/iso-date-schema.ts';
import { signatureProgressSchema } from '../../../domain/signature/signature-progress-schema.ts';
import { idParams, idempotencyHeader, jsonBody, jsonResponse, pageOf, paginationQuery, problemResponses } from '../../openapi-schemas.ts';

const instant = z.iso.datetime();
const nullableInstant = z.iso.datetime().nullable();

export const signatureSchema = z
  .object({
    signatureId: z.string(),
    signer: z.string(),
    signedAt: z.iso.datetime({ offset: true }),
    documentHash: z.string().optional(),
    level: z.enum(signatureLevels).optional(),
  })
  .openapi('Signature');

export const missionLineSchema = createSelectSchema(missionLines, {
  createdAt: instant,
  updatedAt: instant,
  removedAt: nullableInstant,
  deadlineRule: DeadlineRuleSchema,
})
  .extend({
    serviceLabel: z.string(),
    effectiveLeadTimeDays: z.number().int().openapi({ description: 'The override, or the service’s lead time' }),
    effectivePriceCents: z.number().int().openapi({ description: 'The override, or the service’s price' }),
  })
  .openapi('MissionLine');

export const missionSchema = createSelectSchema(missions, {
  createdAt: instant,
  updatedAt: instant,
  validatedAt: nullableInstant,
  sentForSignatureAt: nullableInstant,
  signedAt: nullableInstant,
  activatedAt: nullableInstant,
  finishedAt: nullableInstant,
  cancelledAt: nullableInstant,
  overdueAlertedAt: nullableInstant,
  signature: signatureSchema.nullable(),
})
  .extend({
    workflowId: z.string().openapi({ description: 'Temporal workflow id: `mission/<id>`', example: 'mission/7f0c…' }),
    lines: z.array(missionLineSchema),
  })
  .openapi('Mission');

const lineWorkflowStateSchema = z.object({
  lineId: z.uuid(),
  workflowId: z.string(),
  state: z.enum(['starting', 'running', 'completed', 'cancelled', 'failed']),
  cursor: IsoDateSchema.nullable(),
  from: IsoDateSchema.nullable(),
});

export const missionStateSchema = z
  .object({
    missionId: z.uuid(),
    status: z.enum(missionStatuses),
    validatedAt: nullableInstant,
    signature: signatureSchema.nullable(),
    overdueAt: nullableInstant.openapi({ description: 'When the overdue alert fires if still unsigned' }),
    overdueAlertedAt: nullableInstant,
    lines: z.array(lineWorkflowStateSchema),
    signatureRequest: signatureProgressSchema
      .extend({ nextReminderAt: nullableInstant.meta({ description: 'When unsigned signers are reminded next (null: none due; Yousign reminds by itself)' }) })
      .nullable()
      .optional()
      .meta({ id: 'MissionSignatureProgress', description: 'The letter’s latest signature request: its status and where each signer stands, with times' }),
    deleted: z.boolean().optional(),
  })
  .openapi('MissionWorkflowState');

export const forecastSchema = z
  .object({
    missionId: z.uuid(),
    signedOn: IsoDateSchema.meta({ description: 'The signature day the plan uses (assumed for an unsigned mission)' }),
    signed: z.boolean(),
    until: IsoDateSchema,
    occurrences: z.array(
      z.object({
        lineId: z.uuid(),
        serviceId: z.uuid(),
        serviceLabel: z.string(),
        deadline: IsoDateSchema,
        createOn: IsoDateSchema.meta({ description: 'deadline − lead time' }),
        createAt: instant.openapi({ description: '00:00 Paris on createOn, or on the signature day when createOn had passed' }),
        overdueAtSignature: z.boolean(),
        createAtSignature: z.boolean(),
        status: z.enum(['created', 'planned']),
        occurrenceId: z.uuid().nullable(),
        createdAt: nullableInstant,
      }),
    ),
  })
  .openapi('MissionForecast');

export const occurrenceSchema = createSelectSchema(occurrences, { createdAt: instant })
  .extend({
    tasks: z.array(createSelectSchema(tasks, { createdAt: instant }).pick({ id: true, title: true, assigneeUserId: true, dueDate: true, status: true, createdAt: true })),
    informationRequests: z.array(
      createSelectSchema(informationRequests, { createdAt: instant }).pick({ id: true, title: true, contactId: true, dueDate: true, status: true, createdAt: true }),
    ),
  })
  .openapi('Occurrence');

const amendmentOutcomeSchema = z
  .object({
    mission: missionSchema,
    effectiveFrom: IsoDateSchema.meta({ description: 'Deadlines from this date on were re-planned' }),
    added: z.array(z.uuid()),
    changed: z.array(z.uuid()),
    removed: z.array(z.uuid()),
  })
  .openapi('MissionAmendmentOutcome');

const tags = ['Missions'];
const commandResponses = {
  400: problemResponses[400],
  401: problemResponses[401],
  404: problemResponses[404],
  409: problemResponses[409],
  422: problemResponses[422],
  503: { description: 'Temporal is unreachable', content: problemResponses[400].content },
} as const;

export const listMissions = createRoute({
  method: 'get',
  path: '/missions',
  tags,
  summary: 'List missions',
  request: { query: paginationQuery.extend({ clientId: z.uuid().optional(), status: z.enum(missionStatuses).optional() }) },
  responses: { 200: jsonResponse(pageOf(missionSchema, 'MissionPage'), 'A page of missions'), 400: problemResponses[400], 401: problemResponses[401] },
});

export const getMission = createRoute({
  method: 'get',
  path: '/missions/{id}',
  tags,
  summary: 'Read a mission with its lines',
  request: { params: idParams },
  responses: { 200: jsonResponse(missionSchema, 'The mission'), 401: problemResponses[401], 404: problemResponses[404] },
});

export const createMission = createRoute({
  method: 'post',
  path: '/missions',
  tags,
  summary: 'Create a draft mission for a client; starts its `mission/<id>` workflow',
  request: { headers: idempotencyHeader, body: jsonBody(missionInputSchema.meta({ id: 'MissionInput' })) },
  responses: { 201: jsonResponse(missionSchema, 'The created draft'), ...commandResponses },
});

export const updateMission = createRoute({
  method: 'patch',
  path: '/missions/{id}',
  tags,
  summary: 'Edit a draft mission (`lines` replaces every line); a validated mission is frozen (409)',
  request: { params: idParams, body: jsonBody(missionPatchSchema.meta({ id: 'MissionPatch' })) },
  responses: { 200: jsonResponse(missionSchema, 'The changed draft'), ...commandResponses },
});

const command = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/missions/{id}/${path}`,
    tags,
    summary,
    request: { params: idParams, headers: idempotencyHeader },
    responses: { 200: jsonResponse(missionSchema, 'The mission after the change'), ...commandResponses },
  });

export const validateMission = command('validate', 'Validate a draft: its content is frozen');
export const sendMissionForSignature = command('send-for-signature', 'Mark the engagement letter as sent for signature');
export const signMission = createRoute({
  method: 'post',
  path: '/missions/{id}/sign',
  tags,
  summary: 'Record the signature (on paper, or entered by staff); answers once the lines run',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(manualSignatureInputSchema.meta({ id: 'ManualSignatureInput' })) },
  responses: { 200: jsonResponse(missionSchema, 'The signed, active mission'), ...commandResponses },
});
export const finishMission = command('finish', 'Finish the mission: every line stops');
export const deleteMission = createRoute({
  method: 'delete',
  path: '/missions/{id}',
  tags,
  summary: 'Delete an unsigned mission (draft, validated or awaiting signature; its workflow ends); a signed one is cancelled or finished instead (409)',
  request: { params: idParams },
  responses: { 204: { description: 'Deleted' }, ...commandResponses },
});
export const cancelMission = command('cancel', 'Cancel the mission: every line stops');

export const amendMission = createRoute({
  method: 'post',
  path: '/missions/{id}/amend',
  tags,
  summary: 'Amend an active mission: add, remove or re-schedule lines; only deadlines from today on are re-planned',
  request: { params: idParams, headers: idempotencyHeader, body: jsonBody(amendmentInputSchema.meta({ id: 'MissionAmendment' })) },
  responses: { 200: jsonResponse(amendmentOutcomeSchema, 'What was re-planned'), ...commandResponses },
});

export const getMissionState = createRoute({
  method: 'get',
  path: '/missions/{id}/state',
  tags,
  summary: 'The workflow’s live state (Temporal query)',
  request: { params: idParams },
  responses: { 200: jsonResponse(missionStateSchema, 'The workflow state'), 401: problemResponses[401], 404: problemResponses[404], 409: problemResponses[409], 503: commandResponses[503] },
});

export const getMissionForecast = createRoute({
  method: 'get',
  path: '/missions/{id}/forecast',
  tags,
  summary: 'The occurrences the mission’s workflows will create, computed by the function they use',
  request: {
    params: idParams,
    query: z.object({
      until: IsoDateSchema.optional().meta({ description: 'Last deadline included (default: the mission end)', example: '2026-12-31' }),
      signedOn: IsoDateSchema.optional().meta({ description: 'Unsigned mission only: assume it is signed that day (default: today)' }),
    }),
  },
  responses: { 200: jsonResponse(forecastSchema, 'The forecast'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

export const listMissionOccurrences = createRoute({
  method: 'get',
  path: '/missions/{id}/occurrences',
  tags,
  summary: 'The occurrences created so far, with their tasks and information requests',
  request: { params: idParams, query: paginationQuery },
  responses: { 200: jsonResponse(pageOf(occurrenceSchema, 'OccurrencePage'), 'A page of occurrences'), 400: problemResponses[400], 401: problemResponses[401], 404: problemResponses[404] },
});

