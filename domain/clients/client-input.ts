import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { compactIdentifier, isValidSiren, isValidSiret } from '../identifiers/french-identifiers.ts';

/** A contact person of a client, as staff enter it. */
export const clientContactInputSchema = z.object({
  civility: z.enum(['M.', 'Mme']).nullish(),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().transform((email) => email.toLowerCase()).nullish(),
  mobile: z
    .string()
    .trim()
    .refine((value) => isValidPhoneNumber(value, 'FR'), 'must be a valid mobile number (French by default)')
    .nullish(),
  function: z.string().trim().max(100).nullish(),
  isPreferred: z.boolean().default(false),
});
export type ClientContactInput = z.infer<typeof clientContactInputSchema>;

/** A client record, as staff enter it or as a prospect's conversion provides it. */
export const clientInputSchema = z
  .object({
    kind: z.enum(['company', 'individual']),
    name: z.string().trim().min(1).max(200),
    legalForm: z.string().trim().max(50).nullish(),
    siren: z.string().transform(compactIdentifier).refine(isValidSiren, 'must be a valid SIREN (9 digits, Luhn checksum)').nullish(),
    siret: z.string().transform(compactIdentifier).refine(isValidSiret, 'must be a valid SIRET (14 digits, Luhn checksum)').nullish(),
    street: z.string().trim().max(300).nullish(),
    addressComplement: z.string().trim().max(300).nullish(),
    postalCode: z.string().trim().max(20).nullish(),
    city: z.string().trim().max(100).nullish(),
    country: z.string().trim().length(2).default('FR'),
    firmId: z.uuid().nullish(),
    holderUserId: z.uuid().nullish(),
    partnerUserId: z.uuid().nullish(),
    contacts: z.array(clientContactInputSchema).max(50).default([]),
  })
  .refine((client) => !client.siren || !client.siret || client.siret.startsWith(client.siren), {
    message: 'the SIRET must start with the SIREN',
    path: ['siret'],
  });
export type ClientInput = z.infer<typeof clientInputSchema>;
