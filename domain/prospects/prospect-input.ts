import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { prospectClientTypes } from '../../db/schema/index.ts';
import { isIsoDate } from '../calendar/iso-date.ts';
import { compactIdentifier, isValidNafCode, isValidSiret } from '../identifiers/french-identifiers.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullish();

/** A business date `YYYY-MM-DD` (Europe/Paris calendar day). */
export const isoDateSchema = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');

/** A phone number, French by default ("06 12 34 56 78", "+33 6 12 34 56 78"). */
export const frenchPhoneSchema = z
  .string()
  .trim()
  .refine((value) => isValidPhoneNumber(value, 'FR'), 'must be a valid phone number (French by default)');

/** What staff may set on a prospect (fiche): identity, coordinates and follow-up people. */
export const prospectInputSchema = z.object({
  companyName: z.string().trim().min(1).max(200),
  legalForm: optionalText(50),
  siret: z
    .string()
    .transform(compactIdentifier)
    .refine(isValidSiret, 'must be a valid SIRET (14 digits, Luhn checksum)')
    .nullish(),
  nafCode: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine(isValidNafCode, 'must be a NAF code like 69.20Z')
    .nullish(),
  taxRegime: optionalText(100),
  currentFirm: optionalText(200),
  creationDate: isoDateSchema.nullish(),
  street: optionalText(300),
  addressComplement: optionalText(300),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: z.string().trim().length(2).transform((value) => value.toUpperCase()).default('FR'),
  phone: frenchPhoneSchema.nullish(),
  foreignPhone: z
    .string()
    .trim()
    .refine((value) => isValidPhoneNumber(value), 'must be an international phone number (+CC …)')
    .nullish(),
  fax: frenchPhoneSchema.nullish(),
  website: z.url({ protocol: /^https?$/ }).max(300).nullish(),
  source: z.string().trim().min(1).max(100),
  sourceSalespersonId: z.uuid(),
  operationalSalespersonId: z.uuid(),
  businessAcquirer: z.boolean().default(false),
  note: optionalText(5000),
  clientType: z.enum(prospectClientTypes).nullish(),
});
export type ProspectInput = z.infer<typeof prospectInputSchema>;

/** A change to a prospect: any subset of the fields (required ones cannot be emptied). */
export const prospectPatchSchema = prospectInputSchema.partial().extend({
  country: z.string().trim().length(2).transform((value) => value.toUpperCase()).optional(),
  businessAcquirer: z.boolean().optional(),
});
export type ProspectPatch = z.infer<typeof prospectPatchSchema>;
