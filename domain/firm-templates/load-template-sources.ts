import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmTemplates } from '../../db/schema/index.ts';
import { defaultTemplate } from '../templates/default-templates.ts';
import type { TemplateKind } from '../templates/template-kinds.ts';

/**
 * The Liquid sources the organisation renders for the given kinds: its saved text, or the
 * default. What sending a quote email or generating an engagement letter renders with
 * (`renderTemplate(kind, sources[kind], scope)`, `renderEngagementLetter({ paragraphs })`).
 */
export async function loadTemplateSources<K extends TemplateKind>(db: Db, organisationId: string, kinds: readonly K[]): Promise<Record<K, string>> {
  const rows =
    kinds.length === 0
      ? []
      : await db
          .select({ kind: firmTemplates.kind, body: firmTemplates.body })
          .from(firmTemplates)
          .where(and(eq(firmTemplates.organisationId, organisationId), inArray(firmTemplates.kind, [...kinds])));
  const saved = new Map(rows.map((row) => [row.kind, row.body]));
  return Object.fromEntries(kinds.map((kind) => [kind, saved.get(kind) ?? defaultTemplate(kind)])) as Record<K, string>;
}
