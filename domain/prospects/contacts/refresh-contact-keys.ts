import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';

/**
 * Rewrites the contact search keys kept on prospects (their contacts' normalised names, emails
 * and phone digits) after a contact was added, linked, unlinked, changed or deleted, in the
 * caller's transaction, so the advanced search filters on contacts with one indexed column.
 */
export async function refreshContactKeys(db: Db, prospectIds: string[]): Promise<void> {
  if (prospectIds.length === 0) return;
  const contactsOf = (expression: string) =>
    sql.raw(
      `coalesce((select string_agg(${expression}, ' | ' order by c.id) from prospect_contact_links l join prospect_contacts c on c.id = l.contact_id where l.prospect_id = prospects.id), '')`,
    );
  await db.execute(sql`
    update prospects set
      contact_names_search = ${contactsOf('c.name_search')},
      contact_emails_search = ${contactsOf('c.email')},
      contact_phones_digits = ${contactsOf("concat_ws(' | ', c.home_phone_digits, c.mobile_digits)")}
    where id = any(string_to_array(${[...new Set(prospectIds)].join(',')}, ',')::uuid[])`);
}
