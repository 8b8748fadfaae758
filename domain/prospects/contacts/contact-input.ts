import { z } from 'zod';
import { frenchPhoneSchema, isoDateSchema } from '../prospect-input.ts';

/** What staff may set on a contact person (interlocuteur). */
export const contactInputSchema = z.object({
  civility: z.enum(['M.', 'Mme']).nullish(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  homePhone: frenchPhoneSchema.nullish(),
  mobile: frenchPhoneSchema.nullish(),
  email: z.email().transform((email) => email.toLowerCase()).nullish(),
  function: z.string().trim().max(200).nullish(),
  birthDate: isoDateSchema.nullish(),
  newsletter: z.boolean().default(false),
  informationBulletin: z.boolean().default(false),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

export const contactPatchSchema = contactInputSchema.partial().extend({
  newsletter: z.boolean().optional(),
  informationBulletin: z.boolean().optional(),
});
export type ContactPatch = z.infer<typeof contactPatchSchema>;
