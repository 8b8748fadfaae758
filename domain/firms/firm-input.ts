import { z } from 'zod';
import { serviceTypes } from '../../db/schema/index.ts';
import { compactIdentifier, isValidSiren } from '../identifiers/french-identifiers.ts';

/** What staff may set on a firm. */
export const firmInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  legalForm: z.string().trim().max(50).nullish(),
  siren: z
    .string()
    .transform(compactIdentifier)
    .refine(isValidSiren, 'must be a valid SIREN (9 digits, Luhn checksum)')
    .nullish(),
  vatNumber: z.string().trim().regex(/^FR[0-9A-Z]{2}\d{9}$/, 'must be a French VAT number like FR40303265045').nullish(),
  rcs: z.string().trim().max(100).nullish(),
  orderRegistration: z.string().trim().max(100).nullish(),
  address: z.string().trim().max(500).nullish(),
  services: z.array(z.enum(serviceTypes)).max(serviceTypes.length).default([]),
});
export type FirmInput = z.infer<typeof firmInputSchema>;
