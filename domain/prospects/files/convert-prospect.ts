import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectContactLinks, prospects } from '../../../db/schema/index.ts';
import { createClient } from '../../clients/create-client.ts';
import { AppError } from '../../errors.ts';
import { recordHistory, type Actor } from '../../history/record-history.ts';
import { listProspectContacts } from '../contacts/list-prospect-contacts.ts';
import { prospectEntityTypes } from '../history-subjects.ts';
import { findProspectRow, toProspectView } from '../prospect-view.ts';
import { explainMissing, missingForConversion } from './conversion-requirements.ts';
import type { FileRow } from './file-view.ts';

/**
 * Turns a prospect into a client because one of its files was won or marked signed, in the
 * caller's transaction: checks the preconditions (422 listing what is missing), creates the
 * client through the one client use case (its unique key on the prospect makes a second
 * conversion impossible), copies the contacts (the preferred one stays preferred) and marks the
 * prospect signed. A prospect already converted keeps its client. Returns the client's id.
 */
export async function convertProspect(tx: Db, actor: Actor, file: FileRow): Promise<string> {
  const prospect = await findProspectRow(tx, actor.organisationId, file.prospectId, { forUpdate: true });
  const [contactCount] = await tx.select({ n: count() }).from(prospectContactLinks).where(eq(prospectContactLinks.prospectId, prospect.id));
  const missing = missingForConversion({ contactCount: contactCount?.n ?? 0, file });
  if (missing.length > 0) throw new AppError('precondition_failed', explainMissing(missing), { missing });
  if (prospect.clientId) return prospect.clientId;

  const contacts = await listProspectContacts(tx, actor.organisationId, prospect.id);
  const client = await createClient(
    tx,
    actor,
    {
      kind: file.clientType === 'individual' ? 'individual' : 'company',
      name: prospect.companyName,
      legalForm: prospect.legalForm,
      siren: prospect.siret?.slice(0, 9) ?? null,
      siret: prospect.siret,
      street: prospect.street,
      addressComplement: prospect.addressComplement,
      postalCode: prospect.postalCode,
      city: prospect.city,
      country: prospect.country,
      firmId: file.firmId,
      holderUserId: file.holderUserId,
      partnerUserId: file.partnerUserId,
      contacts: contacts.map((contact) => ({
        civility: contact.civility,
        firstName: contact.firstName,
        lastName: contact.lastName,
        email: contact.email,
        mobile: contact.mobile,
        function: contact.function,
        isPreferred: contact.isPreferred,
      })),
    },
    { prospectId: prospect.id },
  );
  const [after] = await tx
    .update(prospects)
    .set({ status: 'signed', clientId: client.id, convertedAt: new Date(), updatedAt: new Date() })
    .where(eq(prospects.id, prospect.id))
    .returning();
  await recordHistory(tx, actor, { type: prospectEntityTypes.prospect, id: prospect.id }, { action: 'update', before: toProspectView(prospect), after: toProspectView(after!) });
  return client.id;
}
