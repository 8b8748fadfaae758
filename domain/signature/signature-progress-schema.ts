/** The API's schema of a {@link SignatureProgress} (the mission state's `signatureRequest`). */
import { z } from 'zod';
import { signatureMethods, signatureRequestStatusValues, signerRoles, signerStatuses, type SignatureProgress } from './signature-progress.ts';

const instant = z.iso.datetime({ offset: true });

export const signatureProgressSchema = z.object({
  requestId: z.string().min(1).max(100),
  method: z.enum(signatureMethods),
  status: z.enum(signatureRequestStatusValues),
  /** Why it ended without signature (the provider's or the signer's words). */
  endReason: z.string().max(2000).nullable(),
  sentAt: instant,
  expiresAt: instant,
  endedAt: instant.nullable(),
  reminderIntervalDays: z.number().int().min(1).max(365),
  signers: z.array(
    z.object({
      signerId: z.string().min(1).max(100),
      role: z.enum(signerRoles),
      fullName: z.string().max(400),
      status: z.enum(signerStatuses),
      signedAt: instant.nullable(),
      declinedAt: instant.nullable(),
      lastRemindedAt: instant.nullable(),
    }),
  ),
}) satisfies z.ZodType<SignatureProgress>;
