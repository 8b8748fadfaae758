import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prospects } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type ProspectRow = typeof prospects.$inferSelect;

/** A prospect as the API shows it: the row without its search keys. */
export type ProspectView = Omit<
  ProspectRow,
  'companyNameSearch' | 'noteSearch' | 'phoneDigits' | 'foreignPhoneDigits' | 'contactNamesSearch' | 'contactEmailsSearch' | 'contactPhonesDigits'
>;

export function toProspectView(row: ProspectRow): ProspectView {
  const {
    companyNameSearch: _name,
    noteSearch: _note,
    phoneDigits: _phone,
    foreignPhoneDigits: _foreign,
    contactNamesSearch: _contactNames,
    contactEmailsSearch: _contactEmails,
    contactPhonesDigits: _contactPhones,
    ...view
  } = row;
  return view;
}

/**
 * Loads one prospect of the organisation, or 404 (also for another organisation's prospect).
 * `forUpdate` locks the row so concurrent changes to the prospect (conversion, action summary)
 * serialise.
 */
export async function findProspectRow(db: Db, organisationId: string, prospectId: string, options: { forUpdate?: boolean } = {}): Promise<ProspectRow> {
  const query = db.select().from(prospects).where(and(eq(prospects.organisationId, organisationId), eq(prospects.id, prospectId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Prospect');
  return row;
}

/** Loads one prospect of the organisation as the API shows it, or 404. */
export async function findProspect(db: Db, organisationId: string, prospectId: string): Promise<ProspectView> {
  return toProspectView(await findProspectRow(db, organisationId, prospectId));
}
