import { z } from 'zod';
import { reasonKinds } from '../../../db/schema/index.ts';

/** A win or loss reason (facteur) an administrator configures. */
export const reasonInputSchema = z.object({
  kind: z.enum(reasonKinds),
  label: z.string().trim().min(1).max(200),
});
export type ReasonInput = z.infer<typeof reasonInputSchema>;
