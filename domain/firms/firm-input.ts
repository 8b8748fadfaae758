import { z } from 'zod';
import { serviceTypes } from '../../db/schema/index.ts';
import { compactIdentifier, isValidSiren } from '../identifiers/french-identifiers.ts';

const firmFields = {
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
  services: z.array(z.enum(serviceTypes)).max(serviceTypes.length),
};

/** What staff may set when creating a firm. */
export const firmInputSchema = z.object({ ...firmFields, services: firmFields.services.default([]) });
export type FirmInput = z.infer<typeof firmInputSchema>;

/** A change to a firm: only the fields sent change (no defaults, so nothing is reset by omission). */
export const firmPatchSchema = z.object(firmFields).partial();
export type FirmPatch = z.infer<typeof firmPatchSchema>;
