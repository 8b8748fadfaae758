import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { serviceTypes, userRoles } from '../../db/schema/index.ts';

const userFields = {
  email: z.email().transform((email) => email.toLowerCase()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  role: z.enum(userRoles),
  mobile: z
    .string()
    .trim()
    .refine((value) => isValidPhoneNumber(value, 'FR'), 'must be a valid phone number (French by default)')
    .nullish(),
  notifyBy: z.enum(['email', 'sms']),
  canBeSourceSalesperson: z.boolean(),
  firmIds: z.array(z.uuid()),
  services: z.array(z.enum(serviceTypes)),
};

/** What an admin may set when adding a staff member. */
export const userInputSchema = z.object({
  ...userFields,
  notifyBy: userFields.notifyBy.default('email'),
  canBeSourceSalesperson: userFields.canBeSourceSalesperson.default(false),
  firmIds: userFields.firmIds.default([]),
  services: userFields.services.default([]),
});
export type UserInput = z.infer<typeof userInputSchema>;

/** A change to a staff member: only the fields sent change (no defaults, so nothing is reset by omission). */
export const userPatchSchema = z.object(userFields).partial();
export type UserPatch = z.infer<typeof userPatchSchema>;
