import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { siretMatchesSiren, type ClientPatch } from './client-input.ts';
import { assertClientReferences } from './client-references.ts';
import { findClient, type ClientView } from './find-client.ts';

/** Changes a client's record (identity, address, firm, holder, partner); each changed field goes to the history. */
export async function updateClient(db: Db, actor: Actor, clientId: string, patch: ClientPatch): Promise<ClientView> {
  return db.transaction(async (tx) => {
    const before = await findClient(tx, actor.organisationId, clientId);
    await assertClientReferences(tx, actor.organisationId, patch);
    const merged = { siren: patch.siren === undefined ? before.siren : patch.siren, siret: patch.siret === undefined ? before.siret : patch.siret };
    if (!siretMatchesSiren(merged)) {
      throw AppError.invalid([{ field: patch.siret !== undefined ? 'siret' : 'siren', location: 'body', message: 'the SIRET must start with the SIREN' }]);
    }
    if (Object.keys(patch).length > 0) {
      await tx
        .update(clients)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(clients.organisationId, actor.organisationId), eq(clients.id, clientId)));
    }
    const after = await findClient(tx, actor.organisationId, clientId);
    const { contacts: _before, ...beforeRecord } = before;
    const { contacts: _after, ...afterRecord } = after;
    await recordHistory(tx, actor, { type: 'client', id: clientId }, { action: 'update', before: beforeRecord, after: afterRecord });
    return after;
  });
}
