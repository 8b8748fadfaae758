import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { defaultTemplate } from '../templates/default-templates.ts';
import { templateKind, type TemplateKind, type TemplateKindDefinition } from '../templates/template-kinds.ts';

type FirmTemplateRow = typeof firmTemplates.$inferSelect;

/**
 * One editable text as the firm's settings screen shows it: the kind's declaration (label,
 * variables with their sample values, required links, limits) and the text in force — the
 * organisation's own, or the default while it has none.
 */
export type FirmTemplateView = TemplateKindDefinition & {
  body: string;
  /** False while the organisation uses the default text. */
  customised: boolean;
  updatedAt: Date | null;
  updatedByUserId: string | null;
  updatedByLabel: string | null;
};

/** Builds the view of a kind from its stored row, if any. */
export function firmTemplateView(kind: TemplateKind, row: FirmTemplateRow | undefined): FirmTemplateView {
  return {
    ...templateKind(kind),
    body: row?.body ?? defaultTemplate(kind),
    customised: row !== undefined,
    updatedAt: row?.updatedAt ?? null,
    updatedByUserId: row?.updatedByUserId ?? null,
    updatedByLabel: row?.updatedByLabel ?? null,
  };
}

/** Reads the organisation's row for a kind, if it customised it. */
export async function findFirmTemplateRow(db: Db, organisationId: string, kind: TemplateKind): Promise<FirmTemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(firmTemplates)
    .where(and(eq(firmTemplates.organisationId, organisationId), eq(firmTemplates.kind, kind)));
  return row;
}

/** The text in force for one kind of the organisation (its own or the default), with its declaration. */
export async function findFirmTemplate(db: Db, organisationId: string, kind: TemplateKind): Promise<FirmTemplateView> {
  return firmTemplateView(kind, await findFirmTemplateRow(db, organisationId, kind));
}
