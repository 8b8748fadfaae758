import { z } from 'zod';
import { fileStages, prospectClientTypes, serviceTypes } from '../../../db/schema/index.ts';
import { isoDateSchema } from '../prospect-input.ts';

/** One mission of the chosen contract type and who executes it (accounting and legal files). */
export const fileMissionInputSchema = z.object({
  label: z.string().trim().min(1).max(200),
  executorUserId: z.uuid(),
});

const fileFields = {
  stage: z.enum(fileStages),
  clientType: z.enum(prospectClientTypes),
  startDate: isoDateSchema.nullish(),
  endDate: isoDateSchema.nullish(),
  firmId: z.uuid().nullish(),
  officeId: z.uuid().nullish(),
  holderUserId: z.uuid().nullish(),
  partnerUserId: z.uuid().nullish(),
  letterTemplateKey: z.string().trim().min(1).max(100).nullish(),
  offerAmountCents: z
    .number()
    .min(0)
    .max(2_000_000_000)
    // A refinement rather than .int(): zod 4 aborts the object's later checks (the dates rule) on .int() failures.
    .refine(Number.isInteger, 'must be a whole number of cents')
    .nullish(),
  missions: z.array(fileMissionInputSchema).max(100),
};

const datesInOrder = (file: { startDate?: string | null | undefined; endDate?: string | null | undefined }) =>
  !file.startDate || !file.endDate || file.startDate <= file.endDate;

/** Checks the dates' order even when other fields are invalid, so one 400 names every field. */
const datesRule = {
  message: 'must not be before the start date',
  path: ['endDate'],
  when: (payload: { value: unknown }) => {
    const value = payload.value as { startDate?: unknown; endDate?: unknown } | null;
    return typeof value?.startDate === 'string' && typeof value?.endDate === 'string';
  },
};

/** A new file (dossier) of a prospect: one per service type. */
export const fileInputSchema = z
  .object({
    serviceType: z.enum(serviceTypes),
    ...fileFields,
    stage: fileFields.stage.default('suspect'),
    missions: fileFields.missions.default([]),
  })
  .refine(datesInOrder, datesRule);
export type FileInput = z.infer<typeof fileInputSchema>;

/** A change to a file; its service type cannot change. `missions` replaces the whole list. */
export const filePatchSchema = z.object(fileFields).partial().refine(datesInOrder, datesRule);
export type FilePatch = z.infer<typeof filePatchSchema>;

/** Marking a file signed: at least one win reason. */
export const markSignedInputSchema = z.object({ reasonIds: z.array(z.uuid()).min(1, 'choose at least one win reason').max(20) });

/** Marking a file lost: at least one loss reason and a written justification. */
export const markLostInputSchema = z.object({
  reasonIds: z.array(z.uuid()).min(1, 'choose at least one loss reason').max(20),
  justification: z.string().trim().min(1, 'explain in writing why the prospect was lost').max(5000),
});
