import type { Db } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { TemplateKind } from '../templates/template-kinds.ts';
import { assertFirmTemplateValid } from './assert-firm-template-valid.ts';
import { findFirmTemplate, findFirmTemplateRow, type FirmTemplateView } from './firm-template-view.ts';

/**
 * Saves the organisation's own text for a template kind (admin). The text is validated first —
 * a syntax error, an unknown variable or a missing required link (seed 002: the quote email must
 * keep its link) is refused and nothing is written; the change goes to the history.
 */
export async function saveFirmTemplate(db: Db, actor: Actor, kind: TemplateKind, body: string): Promise<FirmTemplateView> {
  await assertFirmTemplateValid(kind, body);
  return db.transaction(async (tx) => {
    const before = await findFirmTemplateRow(tx, actor.organisationId, kind);
    const author = { updatedByUserId: actor.kind === 'user' ? actor.userId : null, updatedByLabel: actor.label, updatedAt: new Date() };
    await tx
      .insert(firmTemplates)
      .values({ organisationId: actor.organisationId, kind, body, ...author })
      .onConflictDoUpdate({ target: [firmTemplates.organisationId, firmTemplates.kind], set: { body, ...author } });
    const entity = { type: 'firm_template', id: kind };
    if (before) await recordHistory(tx, actor, entity, { action: 'update', before: { body: before.body }, after: { body } });
    else await recordHistory(tx, actor, entity, { action: 'create', after: { kind, body } });
    return findFirmTemplate(tx, actor.organisationId, kind);
  });
}
