import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospectFiles } from '../../../db/schema/index.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { missingForConversion, type ConversionRequirement } from './conversion-requirements.ts';
import { convertProspect } from './convert-prospect.ts';
import { findFile, findFileRow } from './file-view.ts';
import { fileSnapshot } from './history-snapshot.ts';
import { refreshProspectStatus } from './refresh-prospect-status.ts';

/** What became of the file when its quote was won. */
export type WonQuoteFileOutcome = { signed: true; clientId: string } | { signed: false; reason: 'already_closed' } | { signed: false; reason: 'not_convertible'; missing: ConversionRequirement[] };

/**
 * Seed 002's "un devis gagné sur une affaire la passe signée", in the caller's transaction (the
 * one accepting the quote): marks the file signed and converts the prospect into a client, as
 * `markFileSigned` does but without win reasons (the accepted quote is the reason). A file
 * already signed or lost is left as it is (so a retried acceptance changes nothing). A prospect
 * that cannot be converted yet (no contact, no template or offer on the file) leaves the file
 * open rather than refusing the client's signature: the outcome says what is missing, and staff
 * sign the file once it is complete.
 */
export async function signFileForWonQuote(tx: Db, actor: Actor, fileId: string): Promise<WonQuoteFileOutcome> {
  const row = await findFileRow(tx, actor.organisationId, fileId, { forUpdate: true });
  if (row.status !== 'in_progress') return { signed: false, reason: 'already_closed' };
  const [contacts] = await tx.select({ n: count() }).from(prospectContactLinks).where(eq(prospectContactLinks.prospectId, row.prospectId));
  const missing = missingForConversion({ contactCount: contacts?.n ?? 0, file: row });
  if (missing.length > 0) return { signed: false, reason: 'not_convertible', missing };
  const before = await findFile(tx, actor.organisationId, fileId);
  const clientId = await convertProspect(tx, actor, row);
  await tx.update(prospectFiles).set({ status: 'signed', signedAt: new Date(), updatedAt: new Date() }).where(eq(prospectFiles.id, fileId));
  const after = await findFile(tx, actor.organisationId, fileId);
  await recordHistory(tx, actor, { type: prospectEntityTypes.file, id: fileId }, { action: 'update', before: fileSnapshot(before), after: fileSnapshot(after) });
  await refreshProspectStatus(tx, actor, row.prospectId);
  return { signed: true, clientId };
}
