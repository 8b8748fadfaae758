import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts, clients, documents, firms, prospectContactLinks, prospectContacts, prospectFiles, prospects, users, type QuoteAccountKind } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/** The account of a quote as resolved: exactly one of client or prospect. */
export type QuoteAccount = { kind: 'client'; client: typeof clients.$inferSelect } | { kind: 'prospect'; prospect: typeof prospects.$inferSelect };

/** A contact of a quote's account, as the emails and the page need it. */
export interface QuoteContact {
  id: string;
  civility: 'M.' | 'Mme' | null;
  firstName: string;
  lastName: string;
  email: string | null;
  mobile: string | null;
}

/** How a caller refers to something: a path parameter (unknown → 404) or a body field (unknown → 400 naming it). */
export type Reference = { in: 'path'; entity: string } | { in: 'body'; field: string };

function unknown(reference: Reference, message: string): AppError {
  return reference.in === 'path' ? AppError.notFound(reference.entity) : AppError.invalid([{ field: reference.field, location: 'body', message }]);
}

/** The client or prospect of the organisation, else 404 / a bad field. */
export async function findQuoteAccount(db: Db, organisationId: string, kind: QuoteAccountKind, id: string, reference: Reference): Promise<QuoteAccount> {
  if (kind === 'client') {
    const [client] = await db.select().from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, id)));
    if (!client) throw unknown(reference, 'unknown client');
    return { kind, client };
  }
  const [prospect] = await db.select().from(prospects).where(and(eq(prospects.organisationId, organisationId), eq(prospects.id, id)));
  if (!prospect) throw unknown(reference, 'unknown prospect');
  return { kind, prospect };
}

/** The account's contacts, preferred first: any of them can receive the quote (seed 002). */
export async function listAccountContacts(db: Db, account: QuoteAccount): Promise<QuoteContact[]> {
  if (account.kind === 'client') {
    return db
      .select({ id: clientContacts.id, civility: clientContacts.civility, firstName: clientContacts.firstName, lastName: clientContacts.lastName, email: clientContacts.email, mobile: clientContacts.mobile })
      .from(clientContacts)
      .where(eq(clientContacts.clientId, account.client.id))
      .orderBy(desc(clientContacts.isPreferred), asc(clientContacts.lastName), asc(clientContacts.id));
  }
  return db
    .select({ id: prospectContacts.id, civility: prospectContacts.civility, firstName: prospectContacts.firstName, lastName: prospectContacts.lastName, email: prospectContacts.email, mobile: prospectContacts.mobile })
    .from(prospectContactLinks)
    .innerJoin(prospectContacts, eq(prospectContacts.id, prospectContactLinks.contactId))
    .where(eq(prospectContactLinks.prospectId, account.prospect.id))
    .orderBy(desc(prospectContactLinks.isPreferred), asc(prospectContacts.lastName), asc(prospectContacts.id));
}

/** The named contact (it must belong to the account), else the preferred one, else none. */
export async function resolveQuoteContact(db: Db, account: QuoteAccount, contactId: string | undefined | null, reference: Reference): Promise<QuoteContact | null> {
  const contacts = await listAccountContacts(db, account);
  if (!contactId) return contacts[0] ?? null;
  const contact = contacts.find((candidate) => candidate.id === contactId);
  if (!contact) throw unknown(reference, 'not a contact of the quote’s account');
  return contact;
}

/** A prospect file of the account (the prospect's, or the prospect a client was converted from). */
export async function resolveProspectFile(db: Db, organisationId: string, account: QuoteAccount, fileId: string, reference: Reference) {
  const [file] = await db.select().from(prospectFiles).where(and(eq(prospectFiles.organisationId, organisationId), eq(prospectFiles.id, fileId)));
  const prospectId = account.kind === 'prospect' ? account.prospect.id : account.client.prospectId;
  if (!file || file.prospectId !== prospectId) throw unknown(reference, 'not a file of the quote’s account');
  return file;
}

/**
 * The firm that issues the quote — the one given, else the file's, else the client's, else the
 * organisation's only firm — and the assignee (salesperson): the one given, else the file's
 * holder, the client's holder or the prospect's salesperson, else whoever creates the quote.
 */
export async function resolveFirmAndAssignee(
  db: Db,
  organisationId: string,
  input: { firmId?: string | undefined; assigneeUserId?: string | undefined },
  context: { account: QuoteAccount; file: typeof prospectFiles.$inferSelect | null; creatorUserId: string | null },
) {
  const { account, file } = context;
  let firmId = input.firmId ?? file?.firmId ?? (account.kind === 'client' ? account.client.firmId : null) ?? undefined;
  if (!firmId) {
    const all = await db.select({ id: firms.id }).from(firms).where(eq(firms.organisationId, organisationId));
    if (all.length === 1) firmId = all[0]!.id;
  }
  if (!firmId) throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'name the firm that issues the quote' }]);
  const [firm] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.invalid([{ field: 'firmId', location: 'body', message: 'unknown firm' }]);
  if (input.assigneeUserId) {
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, input.assigneeUserId)));
    if (!user) throw AppError.invalid([{ field: 'assigneeUserId', location: 'body', message: 'unknown user' }]);
  }
  const assigneeUserId =
    input.assigneeUserId ?? file?.holderUserId ?? (account.kind === 'client' ? account.client.holderUserId : account.prospect.operationalSalespersonId) ?? context.creatorUserId;
  return { firm, assigneeUserId };
}

/** Documents attached to a quote must be the organisation's (GED); others are reported as unknown. */
export async function assertQuoteDocuments(db: Db, organisationId: string, documentIds: readonly string[] | undefined): Promise<void> {
  if (!documentIds?.length) return;
  const found = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.organisationId, organisationId), inArray(documents.id, [...documentIds])));
  const problems = documentIds.flatMap((id, index) => (found.some((row) => row.id === id) ? [] : [{ field: `documentIds.${index}`, location: 'body' as const, message: 'unknown document' }]));
  if (problems.length) throw AppError.invalid(problems);
}
