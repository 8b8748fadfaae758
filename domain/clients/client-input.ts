import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { compactIdentifier, isValidSiren, isValidSiret } from '../identifiers/french-identifiers.ts';

/**
 * A mobile phone number (French by default, `06 12 34 56 78`), stored in E.164 (`+33612345678`)
 * so SMS providers accept it. Landlines are refused: the number receives text messages.
 */
const mobileSchema = z.string().transform((value, ctx) => {
  const phone = parsePhoneNumberFromString(value.trim(), 'FR');
  const type = phone?.isValid() ? phone.getType() : undefined;
  if (!phone || (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')) {
    ctx.addIssue({ code: 'custom', message: 'must be a valid mobile number (French by default)' });
    return z.NEVER;
  }
  return phone.number;
});

/** Contact fields without defaults, so a PATCH only touches what it names. */
const contactFields = {
  civility: z.enum(['M.', 'Mme']).nullish(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().transform((email) => email.toLowerCase()).nullish(),
  mobile: mobileSchema.nullish(),
  function: z.string().trim().max(100).nullish(),
  isPreferred: z.boolean(),
};

/** A contact person of a client, as staff enter it. */
export const clientContactInputSchema = z.object({ ...contactFields, isPreferred: contactFields.isPreferred.default(false) });
export type ClientContactInput = z.infer<typeof clientContactInputSchema>;

/** A partial change of a contact. */
export const clientContactPatchSchema = z.object(contactFields).partial();
export type ClientContactPatch = z.infer<typeof clientContactPatchSchema>;

/** Client fields without defaults, so a PATCH only touches what it names. */
const clientFields = {
  kind: z.enum(['company', 'individual']),
  name: z.string().trim().min(1).max(200),
  legalForm: z.string().trim().max(50).nullish(),
  siren: z.string().transform(compactIdentifier).refine(isValidSiren, 'must be a valid SIREN (9 digits, Luhn checksum)').nullish(),
  siret: z.string().transform(compactIdentifier).refine(isValidSiret, 'must be a valid SIRET (14 digits, Luhn checksum)').nullish(),
  street: z.string().trim().max(300).nullish(),
  addressComplement: z.string().trim().max(300).nullish(),
  postalCode: z.string().trim().max(20).nullish(),
  city: z.string().trim().max(100).nullish(),
  country: z.string().trim().length(2),
  firmId: z.uuid().nullish(),
  holderUserId: z.uuid().nullish(),
  partnerUserId: z.uuid().nullish(),
};

/** The SIRET of an establishment starts with its company's SIREN. */
export function siretMatchesSiren(client: { siren?: string | null | undefined; siret?: string | null | undefined }): boolean {
  // An invalid identifier is already reported on its own field.
  if (!client.siren || !client.siret || !isValidSiren(client.siren) || !isValidSiret(client.siret)) return true;
  return client.siret.startsWith(client.siren);
}
const siretMismatch = { message: 'the SIRET must start with the SIREN', path: ['siret'] };

/** A client record, as staff enter it or as a prospect's conversion provides it. */
export const clientInputSchema = z
  .object({
    ...clientFields,
    country: clientFields.country.default('FR'),
    contacts: z.array(clientContactInputSchema).max(50).default([]),
  })
  .refine(siretMatchesSiren, siretMismatch);
export type ClientInput = z.infer<typeof clientInputSchema>;

/**
 * A partial change of a client's record (contacts have their own endpoints). The SIRET/SIREN
 * agreement is checked again against the stored record, since a patch may carry only one.
 */
export const clientPatchSchema = z.object(clientFields).partial().refine(siretMatchesSiren, siretMismatch);
export type ClientPatch = z.infer<typeof clientPatchSchema>;
