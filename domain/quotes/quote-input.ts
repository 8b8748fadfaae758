/**
 * What staff send to create and edit a quote. A line is either free (label, quantity, unit price,
 * VAT rate…, the invoices' line rules) or from the catalogue (`serviceId`; label, price and VAT
 * rate default to the service's). Field paths are the ones the HTTP problem names (`lines.0.label`).
 */
import { z } from 'zod';
import { IsoDateSchema } from '../calendar/iso-date-schema.ts';
import { lineInputSchema } from '../invoicing/invoicing-input.ts';
import { quoteAccountKinds, quoteStatuses } from '../../db/schema/quotes.ts';

const free = lineInputSchema.shape;

/** One line as staff enter it; catalogue fields left out are taken from the service. */
export const quoteLineInputSchema = z
  .object({
    serviceId: z.uuid().optional(),
    label: free.label.optional(),
    description: free.description,
    quantity: free.quantity.default(1),
    unitPriceCents: free.unitPriceCents.optional(),
    vatRate: free.vatRate.optional(),
    discountPercent: free.discountPercent,
    nature: free.nature,
    /** Offered to the client, counted only once selected (online or by staff). */
    optional: z.boolean().default(false),
    selected: z.boolean().default(false),
  })
  .superRefine((line, ctx) => {
    if (line.serviceId) return;
    for (const field of ['label', 'unitPriceCents', 'vatRate'] as const) {
      if (line[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'required on a line without serviceId' });
    }
  });
export type QuoteLineBody = z.infer<typeof quoteLineInputSchema>;

const lines = z.array(quoteLineInputSchema).min(1).max(200);

/** What every entry point accepts: the content of the quote. */
export const quoteContentSchema = z.object({
  firmId: z.uuid().optional(),
  assigneeUserId: z.uuid().optional(),
  title: z.string().trim().min(1).max(200).optional(),
  /** Omitted: today + the firm's validity (30 days by default). */
  validUntil: IsoDateSchema.optional(),
  notes: z.string().trim().max(5000).optional(),
  documentIds: z.array(z.uuid()).max(20).optional(),
  lines,
});

/** `POST /quotes` (the list's "+ Devis"): the account is named. */
export const listQuoteInputSchema = quoteContentSchema.extend({
  account: z.object({ kind: z.enum(quoteAccountKinds), id: z.uuid() }),
  contactId: z.uuid().optional(),
  prospectFileId: z.uuid().optional(),
});

/** From an account (client or prospect): a contact of it may be named. */
export const accountQuoteInputSchema = quoteContentSchema.extend({ contactId: z.uuid().optional(), prospectFileId: z.uuid().optional() });

/** From a prospect file: the contact may be named, else the prospect's preferred contact. */
export const fileQuoteInputSchema = quoteContentSchema.extend({ contactId: z.uuid().optional() });

/** From a contact: a prospect contact linked to several prospects names which one. */
export const contactQuoteInputSchema = quoteContentSchema.extend({ prospectId: z.uuid().optional() });

export type QuoteContent = z.infer<typeof quoteContentSchema>;

/** `PATCH /quotes/{id}` on a draft: only the fields sent change. */
export const updateQuoteInputSchema = quoteContentSchema.omit({ firmId: true }).partial().extend({
  contactId: z.uuid().nullable().optional(),
  validUntil: IsoDateSchema.optional(),
});
export type UpdateQuoteInput = z.infer<typeof updateQuoteInputSchema>;

/** `POST /quotes/{id}/decline` (staff, or the client online). */
export const declineQuoteInputSchema = z.object({ reason: z.string().trim().min(1).max(2000) });

/** `POST /quotes/{id}/accept`: a "bon pour accord" recorded by staff. */
export const acceptQuoteInputSchema = z.object({ signer: z.string().trim().min(1).max(200), signedAt: z.iso.datetime({ offset: true }).optional() });


/** A firm's quote settings (`PUT /firms/{id}/quote-settings`, admins). */
export const quoteSettingsInputSchema = z.object({
  validityDays: z.number().int().min(1).max(365).default(30),
  reminderDays: z.array(z.number().int().min(1).max(365)).max(10).default([7, 14]),
  eSignatureEnabled: z.boolean().default(false),
  legalMentions: z.string().trim().max(5000).nullable().default(null),
});

/** `GET /quotes` filters. */
export const quoteListQuerySchema = z.object({
  status: z.enum(quoteStatuses).optional(),
  clientId: z.uuid().optional(),
  prospectId: z.uuid().optional(),
  prospectFileId: z.uuid().optional(),
  assigneeUserId: z.uuid().optional(),
});

/** The send / remind screen (seed 002): recipients among the account's contacts, the PDF attached, e-signature asked. */
export const quoteEmailInputSchema = z.object({
  recipientContactIds: z.array(z.uuid()).min(1).max(20).optional(),
  attachPdf: z.boolean().default(false),
  /** Default: requested whenever the firm enabled e-signature. */
  requestSignature: z.boolean().optional(),
});
