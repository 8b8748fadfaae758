import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospects, type ProspectStatus } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow } from '../prospect-view.ts';
import { listProspectFileRows } from './file-view.ts';

/**
 * Recomputes where a prospection stands after one of its files changed: signed once converted,
 * lost when it has files and all of them are lost, else in progress. Kept on the prospect (in
 * the same transaction) so the search filters on it directly.
 */
export async function refreshProspectStatus(tx: Db, actor: Actor, prospectId: string): Promise<void> {
  const prospect = await findProspectRow(tx, actor.organisationId, prospectId);
  const files = await listProspectFileRows(tx, prospectId);
  const status: ProspectStatus = prospect.clientId ? 'signed' : files.length > 0 && files.every((file) => file.status === 'lost') ? 'lost' : 'in_progress';
  if (status === prospect.status) return;
  await tx.update(prospects).set({ status, updatedAt: new Date() }).where(eq(prospects.id, prospectId));
  await recordHistory(tx, actor, { type: prospectEntityTypes.prospect, id: prospectId }, { action: 'update', before: { status: prospect.status }, after: { status } });
}
