import { z } from 'zod';

/** What an admin may set on a catalogue category. */
export const categoryInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
});
export type CategoryInput = z.infer<typeof categoryInputSchema>;
