/**
 * What staff send to create, edit and amend a mission. The schedule pieces (frequency, deadline
 * rule, dates, lead time) reuse schedule.ts, so the API refuses exactly what the workflows could
 * not plan. Field paths are the ones the HTTP problem names (`lines.0.leadTimeDays`).
 */
import { z } from 'zod';
import { signatureLevels } from './mission-lifecycle.ts';
import { DeadlineRuleSchema, FrequencySchema, LineScheduleSchema, MissionBoundsSchema } from './schedule.ts';
import { IsoDateSchema } from '../calendar/iso-date-schema.ts';

/** A lead time override ("délai de création avant l'échéance"), in calendar days. */
const leadTimeDaysSchema = z.int().min(0, 'The lead time is 0 days or more').max(366, 'The lead time is at most 366 days');

/** One service line as staff enter it; `leadTimeDays` omitted = the service's own lead time. */
export const missionLineInputSchema = z
  .object({
    serviceId: z.uuid(),
    /** Price override in cents; omitted or null = the catalogue price. */
    priceCents: z.int().min(0).max(100_000_000).nullish(),
    frequency: FrequencySchema,
    quantity: z.int().min(1, 'The quantity is at least 1').max(10_000).optional(),
    deadlineRule: DeadlineRuleSchema,
    /** 1ʳᵉ échéance; omitted = derived from the mission start date. */
    firstDeadline: IsoDateSchema.optional(),
    leadTimeDays: leadTimeDaysSchema.nullish(),
  })
  .superRefine((line, ctx) => {
    // The cross-field rules (weekly needs end-of-period, quantity only on one-off lines) live in
    // LineScheduleSchema; run them here so the API and the planner agree. Its field checks are
    // this schema's too, already reported: only its cross-field (custom) issues are added.
    const result = LineScheduleSchema.safeParse({ ...line, leadTimeDays: line.leadTimeDays ?? 0 });
    if (!result.success) {
      for (const issue of result.error.issues) if (issue.code === 'custom') ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });
export type MissionLineInput = z.infer<typeof missionLineInputSchema>;

const missionFields = {
  clientId: z.uuid(),
  firmId: z.uuid().nullish(),
  /** Internal name, never shown to the client. */
  name: z.string().trim().min(1).max(200),
  startDate: IsoDateSchema,
  endDate: IsoDateSchema,
  /** Staff member alerted when the mission stays unsigned; defaults to the client file's holder. */
  assigneeUserId: z.uuid().nullish(),
  /** Create the occurrences whose deadline is already past at signature (default: skip them). */
  createPastOccurrences: z.boolean().default(false),
  lines: z.array(missionLineInputSchema).max(100).default([]),
};

/**
 * Adds the bound checks: end on or after start, each line's first deadline within the mission.
 * Runs even when other fields already failed (`when`), so one answer names every bad field; the
 * values are therefore checked defensively.
 */
function refineBounds(mission: { startDate?: unknown; endDate?: unknown; lines?: unknown }, ctx: z.RefinementCtx) {
  // zod-to-openapi probes schemas with `null` while generating the OpenAPI document.
  if (mission === null || typeof mission !== 'object') return;
  const bounds = MissionBoundsSchema.safeParse({ startDate: mission.startDate, endDate: mission.endDate });
  if (!bounds.success) {
    if (mission.startDate === undefined || mission.endDate === undefined) return;
    for (const issue of bounds.error.issues) {
      if (issue.path[0] === 'endDate' && issue.code === 'custom') ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
    return;
  }
  const { startDate, endDate } = bounds.data;
  if (!Array.isArray(mission.lines)) return;
  mission.lines.forEach((line: { firstDeadline?: unknown } | null, index) => {
    const first = line?.firstDeadline;
    if (typeof first === 'string' && IsoDateSchema.safeParse(first).success && (first < startDate || first > endDate)) {
      ctx.addIssue({ code: 'custom', path: ['lines', index, 'firstDeadline'], message: `The first deadline is within the mission (${startDate} – ${endDate})` });
    }
  });
}
const always = { when: () => true };

/** A new mission (always created as a draft). */
export const missionInputSchema = z.object(missionFields).superRefine(refineBounds, always);
export type MissionInput = z.infer<typeof missionInputSchema>;

/** Changes to a draft mission; `lines`, when given, replaces every line. */
export const missionPatchSchema = z
  .object({
    firmId: missionFields.firmId,
    name: missionFields.name.optional(),
    startDate: IsoDateSchema.optional(),
    endDate: IsoDateSchema.optional(),
    assigneeUserId: missionFields.assigneeUserId,
    createPastOccurrences: z.boolean().optional(),
    lines: z.array(missionLineInputSchema).max(100).optional(),
  })
  .superRefine(refineBounds, always);
export type MissionPatch = z.infer<typeof missionPatchSchema>;

/** The schedule fields of an existing line that an amendment may change. */
export const lineChangeSchema = z.object({
  lineId: z.uuid(),
  priceCents: z.int().min(0).max(100_000_000).nullish(),
  frequency: FrequencySchema.optional(),
  quantity: z.int().min(1).max(10_000).nullish(),
  deadlineRule: DeadlineRuleSchema.optional(),
  firstDeadline: IsoDateSchema.nullish(),
  leadTimeDays: leadTimeDaysSchema.nullish(),
});
export type LineChange = z.infer<typeof lineChangeSchema>;

/**
 * An amendment (avenant) of an active mission: lines added, removed or re-scheduled. Only the
 * occurrences from the amendment date on are re-planned; those already created stay.
 */
export const amendmentInputSchema = z
  .object({
    add: z.array(missionLineInputSchema).max(100).default([]),
    remove: z.array(z.uuid()).max(100).default([]),
    change: z.array(lineChangeSchema).max(100).default([]),
  })
  .refine((amendment) => amendment.add.length + amendment.remove.length + amendment.change.length > 0, {
    path: ['(root)'],
    message: 'An amendment adds, removes or changes at least one line',
  });
export type AmendmentInput = z.infer<typeof amendmentInputSchema>;

/** A signature recorded by staff ("change its status to Signed"). */
export const manualSignatureInputSchema = z.object({
  signer: z.string().trim().min(1).max(200),
  /** When the letter was signed; defaults to now. Never in the future. */
  signedAt: z.iso.datetime({ offset: true }).optional(),
  documentHash: z.string().trim().min(1).max(200).optional(),
  level: z.enum(signatureLevels).default('manual'),
  /** The provider's or the firm's reference of the signature; generated when omitted. */
  signatureId: z.string().trim().min(1).max(200).optional(),
});
export type ManualSignatureInput = z.infer<typeof manualSignatureInputSchema>;
