import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firms, letterModels, letterParagraphs, type LetterModelKind, type LetterParagraph, type LetterParagraphsJson } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { tryRenderTemplate } from '../templates/render-template.ts';
import { LETTER_MODEL_KINDS, letterModelKind, WEALTH_ENGAGEMENT_MODEL } from './letter-model-kinds.ts';
import type { LetterSources } from './render-letter.ts';
import { sampleLetterScope } from './sample-letter-scope.ts';

export type LetterModelRow = typeof letterModels.$inferSelect;

/** A model as the API shows it: the firm's texts merged over the kind's defaults. */
export type LetterModelView = LetterModelRow & { group: string; signable: boolean; sources: LetterSources };

export function letterModelView(row: LetterModelRow): LetterModelView {
  const definition = letterModelKind(row.kind);
  const sources = { ...definition.paragraphs } as Record<LetterParagraph, string>;
  for (const paragraph of letterParagraphs) {
    const own = row.paragraphs[paragraph];
    if (own !== undefined) sources[paragraph] = own;
  }
  return { ...row, group: definition.group, signable: definition.signable, sources };
}

/**
 * Gives a firm its default models (one per print-set kind, plus the wealth-advisory engagement
 * letter) the first time they are needed. Idempotent (unique firm + name), so concurrent calls
 * and retries create each once.
 */
export async function ensureFirmLetterModels(db: Db, organisationId: string, firmId: string): Promise<void> {
  const defaults: { kind: LetterModelKind; name: string; paragraphs: LetterParagraphsJson }[] = [
    ...LETTER_MODEL_KINDS.map((definition) => ({ kind: definition.kind, name: definition.defaultName, paragraphs: {} })),
    { kind: WEALTH_ENGAGEMENT_MODEL.kind, name: WEALTH_ENGAGEMENT_MODEL.name, paragraphs: WEALTH_ENGAGEMENT_MODEL.paragraphs },
  ];
  const [existing] = await db.select({ id: letterModels.id }).from(letterModels).where(eq(letterModels.firmId, firmId)).limit(1);
  if (existing) return;
  await db
    .insert(letterModels)
    .values(defaults.map((model) => ({ ...model, organisationId, firmId })))
    .onConflictDoNothing();
}

async function assertFirm(db: Db, organisationId: string, firmId: string): Promise<void> {
  const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
}

/** The firm's models in print-menu order (defaults created on first use). */
export async function listLetterModels(db: Db, organisationId: string, firmId: string): Promise<LetterModelView[]> {
  await assertFirm(db, organisationId, firmId);
  await ensureFirmLetterModels(db, organisationId, firmId);
  const rows = await db
    .select()
    .from(letterModels)
    .where(and(eq(letterModels.organisationId, organisationId), eq(letterModels.firmId, firmId)))
    .orderBy(asc(letterModels.createdAt), asc(letterModels.name));
  const order = (kind: LetterModelKind) => LETTER_MODEL_KINDS.findIndex((definition) => definition.kind === kind);
  const isDefault = (model: LetterModelView) => (model.name === letterModelKind(model.kind).defaultName ? 0 : 1);
  return rows.map(letterModelView).sort((a, b) => order(a.kind) - order(b.kind) || isDefault(a) - isDefault(b) || a.name.localeCompare(b.name, 'fr'));
}

export async function findLetterModel(db: Db, organisationId: string, id: string): Promise<LetterModelView> {
  const [row] = await db.select().from(letterModels).where(and(eq(letterModels.organisationId, organisationId), eq(letterModels.id, id)));
  if (!row) throw AppError.notFound('Letter model');
  return letterModelView(row);
}

/**
 * Checks each paragraph by rendering it with the French sample data and sample custom fields:
 * a syntax error or a variable no letter offers is a 400 naming the paragraph.
 */
async function assertParagraphsValid(paragraphs: LetterParagraphsJson, customKeys: readonly string[]): Promise<void> {
  const scope = sampleLetterScope(customKeys);
  const problems: FieldProblem[] = [];
  for (const [paragraph, source] of Object.entries(paragraphs)) {
    if (source === undefined || source.trim() === '') continue;
    const kind = paragraph === 'title' || paragraph === 'subtitle' ? 'letter.title' : 'letter.object';
    const outcome = await tryRenderTemplate(kind, source, scope);
    if (!outcome.ok) problems.push({ field: `paragraphs.${paragraph}`, location: 'body', message: outcome.problems.map((p) => p.message).join(' ') });
  }
  if (problems.length > 0) throw AppError.invalid(problems, 'The letter model has invalid paragraphs');
}

/** Adds a model to a firm (admin): a kind, a name and the paragraphs that differ from the kind's defaults. */
export async function createLetterModel(
  db: Db,
  actor: Actor,
  input: { firmId: string; kind: LetterModelKind; name: string; paragraphs: LetterParagraphsJson },
  customKeys: readonly string[],
): Promise<LetterModelView> {
  await assertFirm(db, actor.organisationId, input.firmId);
  await ensureFirmLetterModels(db, actor.organisationId, input.firmId);
  await assertParagraphsValid(input.paragraphs, customKeys);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(letterModels).values({ ...input, organisationId: actor.organisationId }).onConflictDoNothing().returning();
    if (!row) throw new AppError('conflict', `The firm already has a model named ${input.name}`, { fields: [{ field: 'name', location: 'body', message: 'déjà utilisé' }] });
    await recordHistory(tx, actor, { type: 'letter_model', id: row.id }, { action: 'create', after: row });
    return letterModelView(row);
  });
}

/** Changes a model's name or paragraphs (admin); a paragraph set to null goes back to the default text. */
export async function updateLetterModel(
  db: Db,
  actor: Actor,
  id: string,
  patch: { name?: string | undefined; paragraphs?: Partial<Record<LetterParagraph, string | null>> | undefined },
  customKeys: readonly string[],
): Promise<LetterModelView> {
  const own = Object.fromEntries(Object.entries(patch.paragraphs ?? {}).filter(([, value]) => value !== null)) as LetterParagraphsJson;
  await assertParagraphsValid(own, customKeys);
  return db.transaction(async (tx) => {
    const before = await findLetterModel(tx, actor.organisationId, id);
    const paragraphs = { ...before.paragraphs };
    for (const [paragraph, value] of Object.entries(patch.paragraphs ?? {}) as [LetterParagraph, string | null][]) {
      if (value === null) delete paragraphs[paragraph];
      else paragraphs[paragraph] = value;
    }
    const { group: _g, signable: _s, sources: _src, ...beforeRow } = before;
    const [after] = await tx
      .update(letterModels)
      .set({ ...(patch.name !== undefined ? { name: patch.name } : {}), paragraphs, updatedAt: new Date() })
      .where(eq(letterModels.id, id))
      .returning();
    await recordHistory(tx, actor, { type: 'letter_model', id }, { action: 'update', before: beforeRow, after: after! });
    return letterModelView(after!);
  });
}
