import { z } from 'zod';

/** An information request staff send by hand to a client (outside any recurring service). */
export const informationRequestInputSchema = z
  .object({
    clientId: z.uuid(),
    /** The contact it is addressed to; any contact of the client with portal access can answer it. */
    contactId: z.uuid().nullish(),
    missionId: z.uuid().nullish(),
    /** Short title; defaults to the beginning of the message. */
    title: z.string().trim().min(1).max(200).optional(),
    /** What the client reads. */
    message: z.string().trim().min(1).max(5000),
    expectsFiles: z.boolean().default(false),
    expectsText: z.boolean().default(false),
    dueDate: z.iso.date().nullish(),
  })
  .refine((request) => request.expectsFiles || request.expectsText, {
    path: ['expectsFiles'],
    message: 'an information request expects files, text or both',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type InformationRequestInput = z.infer<typeof informationRequestInputSchema>;
