import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import { serviceTypes, userRoles } from '../../db/schema/index.ts';

/** What an admin may set on a staff member. */
export const userInputSchema = z.object({
  email: z.email().transform((email) => email.toLowerCase()),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  role: z.enum(userRoles),
  mobile: z
    .string()
    .trim()
    .refine((value) => isValidPhoneNumber(value, 'FR'), 'must be a valid phone number (French by default)')
    .nullish(),
  notifyBy: z.enum(['email', 'sms']).default('email'),
  canBeSourceSalesperson: z.boolean().default(false),
  firmIds: z.array(z.uuid()).default([]),
  services: z.array(z.enum(serviceTypes)).default([]),
});
export type UserInput = z.infer<typeof userInputSchema>;
