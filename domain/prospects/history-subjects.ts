import type { Db } from '../../db/client.ts';
import { prospectHistorySubjects } from '../../db/schema/index.ts';

/** Entity types of the history entries that belong to a prospect. */
export const prospectEntityTypes = {
  prospect: 'prospect',
  contact: 'prospect_contact',
  file: 'prospect_file',
  action: 'prospect_action',
} as const;

/**
 * Declares that a contact, file or action's history belongs to a prospect, so the prospect's
 * history shows it — also after the subject is deleted. Idempotent.
 */
export async function attachHistorySubject(
  db: Db,
  subject: { organisationId: string; prospectId: string; entityType: string; entityId: string },
): Promise<void> {
  await db.insert(prospectHistorySubjects).values(subject).onConflictDoNothing();
}
