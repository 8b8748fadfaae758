import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { prospectContactLinks, prospectContacts, quotes, type QuoteOrigin } from '../../db/schema/index.ts';
import { addDays } from '../calendar/iso-date.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findFileRow } from '../prospects/files/file-view.ts';
import { assertQuoteDocuments, findQuoteAccount, resolveFirmAndAssignee, resolveProspectFile, resolveQuoteContact, type QuoteAccount, type Reference } from './quote-parties.ts';
import type { accountQuoteInputSchema, contactQuoteInputSchema, fileQuoteInputSchema, listQuoteInputSchema, QuoteContent } from './quote-input.ts';
import { resolveQuoteLines } from './quote-lines.ts';
import { findQuoteSettings } from './quote-settings.ts';
import { findQuote, type QuoteView } from './quote-view.ts';

/** Seed 002's four "+ Devis" buttons, and what each one names. */
export type QuoteEntry =
  | { from: 'list'; input: z.infer<typeof listQuoteInputSchema> }
  | { from: 'account'; account: { kind: 'client' | 'prospect'; id: string }; input: z.infer<typeof accountQuoteInputSchema> }
  | { from: 'prospect_file'; fileId: string; input: z.infer<typeof fileQuoteInputSchema> }
  | { from: 'contact'; contact: { kind: 'client'; clientId: string; contactId: string } | { kind: 'prospect'; contactId: string }; input: z.infer<typeof contactQuoteInputSchema> };

interface Target {
  account: QuoteAccount;
  contactId: string | undefined;
  contactRef: Reference;
  fileId: string | undefined;
  fileRef: Reference;
}

const bodyRef = (field: string): Reference => ({ in: 'body', field });

/** Works out the account, contact and file each entry point names (path ids → 404, body ids → 400). */
async function targetOf(db: Db, organisationId: string, entry: QuoteEntry): Promise<Target> {
  switch (entry.from) {
    case 'list': {
      const account = await findQuoteAccount(db, organisationId, entry.input.account.kind, entry.input.account.id, bodyRef('account.id'));
      return { account, contactId: entry.input.contactId, contactRef: bodyRef('contactId'), fileId: entry.input.prospectFileId, fileRef: bodyRef('prospectFileId') };
    }
    case 'account': {
      const account = await findQuoteAccount(db, organisationId, entry.account.kind, entry.account.id, { in: 'path', entity: entry.account.kind === 'client' ? 'Client' : 'Prospect' });
      return { account, contactId: entry.input.contactId, contactRef: bodyRef('contactId'), fileId: entry.input.prospectFileId, fileRef: bodyRef('prospectFileId') };
    }
    case 'prospect_file': {
      const file = await findFileRow(db, organisationId, entry.fileId);
      const account = await findQuoteAccount(db, organisationId, 'prospect', file.prospectId, { in: 'path', entity: 'File' });
      return { account, contactId: entry.input.contactId, contactRef: bodyRef('contactId'), fileId: file.id, fileRef: { in: 'path', entity: 'File' } };
    }
    case 'contact': {
      const contactRef: Reference = { in: 'path', entity: 'Contact' };
      if (entry.contact.kind === 'client') {
        const account = await findQuoteAccount(db, organisationId, 'client', entry.contact.clientId, { in: 'path', entity: 'Client' });
        return { account, contactId: entry.contact.contactId, contactRef, fileId: undefined, fileRef: bodyRef('prospectFileId') };
      }
      const links = await db
        .select({ prospectId: prospectContactLinks.prospectId })
        .from(prospectContactLinks)
        .innerJoin(prospectContacts, eq(prospectContacts.id, prospectContactLinks.contactId))
        .where(and(eq(prospectContacts.organisationId, organisationId), eq(prospectContacts.id, entry.contact.contactId)));
      if (links.length === 0) throw AppError.notFound('Contact');
      const prospectId = entry.input.prospectId ?? (links.length === 1 ? links[0]!.prospectId : undefined);
      if (!prospectId) throw AppError.invalid([{ field: 'prospectId', location: 'body', message: 'the contact belongs to several prospects: name the one the quote is for' }]);
      if (!links.some((link) => link.prospectId === prospectId)) throw AppError.invalid([{ field: 'prospectId', location: 'body', message: 'not a prospect of this contact' }]);
      const account = await findQuoteAccount(db, organisationId, 'prospect', prospectId, bodyRef('prospectId'));
      return { account, contactId: entry.contact.contactId, contactRef, fileId: undefined, fileRef: bodyRef('prospectFileId') };
    }
  }
}

/**
 * Creates a draft quote from any of seed 002's four entry points — the quote list (account named
 * in the body), a prospect file (its prospect; the file is the quote's "affaire"), an account
 * (client or prospect) or a contact (its account; the quote is addressed to it). The contact
 * defaults to the account's preferred one, the validity to today + the firm's validity days, the
 * assignee to the file's or account's salesperson. Lines come from the catalogue or are free.
 * No number yet: it is taken at the first send, so abandoned drafts leave no gap.
 */
export async function createQuote(db: Db, actor: Actor, entry: QuoteEntry, now = new Date()): Promise<QuoteView> {
  return db.transaction(async (tx) => {
    const target = await targetOf(tx, actor.organisationId, entry);
    const contact = await resolveQuoteContact(tx, target.account, target.contactId, target.contactRef);
    const file = target.fileId ? await resolveProspectFile(tx, actor.organisationId, target.account, target.fileId, target.fileRef) : null;
    const input: QuoteContent = entry.input;
    const { firm, assigneeUserId } = await resolveFirmAndAssignee(tx, actor.organisationId, input, { account: target.account, file, creatorUserId: actor.kind === 'user' ? actor.userId : null });
    const settings = await findQuoteSettings(tx, actor.organisationId, firm.id);
    const totals = await resolveQuoteLines(tx, actor.organisationId, input.lines);
    await assertQuoteDocuments(tx, actor.organisationId, input.documentIds);
    const origin: QuoteOrigin = entry.from;
    const [row] = await tx
      .insert(quotes)
      .values({
        organisationId: actor.organisationId,
        firmId: firm.id,
        origin,
        accountKind: target.account.kind,
        clientId: target.account.kind === 'client' ? target.account.client.id : null,
        prospectId: target.account.kind === 'prospect' ? target.account.prospect.id : null,
        contactId: contact?.id ?? null,
        prospectFileId: file?.id ?? null,
        assigneeUserId,
        title: input.title ?? null,
        validUntil: input.validUntil ?? addDays(businessDateOf(now), settings.validityDays),
        notes: input.notes ?? null,
        documentIds: input.documentIds ?? [],
        ...totals,
      })
      .returning();
    await recordHistory(tx, actor, { type: 'quote', id: row!.id }, { action: 'create', after: row! });
    return findQuote(tx, actor.organisationId, row!.id);
  });
}
