import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { TEMPLATE_KINDS } from '../templates/template-kinds.ts';
import { firmTemplateView, type FirmTemplateView } from './firm-template-view.ts';

/** Every template kind with the organisation's text in force, in the settings screen's order. */
export async function listFirmTemplates(db: Db, organisationId: string): Promise<FirmTemplateView[]> {
  const rows = await db.select().from(firmTemplates).where(eq(firmTemplates.organisationId, organisationId));
  const byKind = new Map(rows.map((row) => [row.kind, row]));
  return TEMPLATE_KINDS.map((kind) => firmTemplateView(kind, byKind.get(kind)));
}
