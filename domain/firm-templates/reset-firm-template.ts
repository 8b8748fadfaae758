import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { TemplateKind } from '../templates/template-kinds.ts';
import { findFirmTemplate, type FirmTemplateView } from './firm-template-view.ts';

/**
 * Drops the organisation's own text for a kind so the default applies again (admin). Resetting a
 * kind that already uses the default changes nothing and records nothing.
 */
export async function resetFirmTemplate(db: Db, actor: Actor, kind: TemplateKind): Promise<FirmTemplateView> {
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(firmTemplates)
      .where(and(eq(firmTemplates.organisationId, actor.organisationId), eq(firmTemplates.kind, kind)))
      .returning();
    if (removed) await recordHistory(tx, actor, { type: 'firm_template', id: kind }, { action: 'delete', before: { kind, body: removed.body } });
    return findFirmTemplate(tx, actor.organisationId, kind);
  });
}
