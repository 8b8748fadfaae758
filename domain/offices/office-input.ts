import { z } from 'zod';

/** What staff may set on an office. */
export const officeInputSchema = z.object({
  firmId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().max(500).nullish(),
  postalCode: z.string().trim().regex(/^\d{5}$/, 'must be a 5-digit French postal code').nullish(),
  city: z.string().trim().max(200).nullish(),
});
export type OfficeInput = z.infer<typeof officeInputSchema>;
