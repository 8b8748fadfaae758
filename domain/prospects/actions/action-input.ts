import { z } from 'zod';
import { actionTypes } from '../../../db/schema/index.ts';
import { isoDateSchema } from '../prospect-input.ts';

const requestNeedsSource = (action: { actionType?: string | undefined; source?: string | null | undefined }) =>
  action.actionType !== 'request' || Boolean(action.source);

/** A follow-up action (suivi) as staff enter it; its actor is the caller. */
export const actionInputSchema = z
  .object({
    actionType: z.enum(actionTypes),
    /** Required for a request (demande): where it came from. */
    source: z.string().trim().min(1).max(100).nullish(),
    description: z.string().trim().max(5000).nullish(),
    dueDate: isoDateSchema,
    dueTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
      .nullish(),
  })
  .refine(requestNeedsSource, { message: 'a request needs a source', path: ['source'] });
export type ActionInput = z.infer<typeof actionInputSchema>;

/** A change to a to-do action. */
export const actionPatchSchema = z.object({
  actionType: z.enum(actionTypes).optional(),
  source: z.string().trim().min(1).max(100).nullish(),
  description: z.string().trim().max(5000).nullish(),
  dueDate: isoDateSchema.optional(),
  dueTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')
    .nullish(),
});
export type ActionPatch = z.infer<typeof actionPatchSchema>;
