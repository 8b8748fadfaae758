import { and, asc, eq, isNull, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customFields, missionLetters, type CustomFieldKind, type CustomValue, type ServiceType } from '../../db/schema/index.ts';
import { isIsoDate } from '../calendar/iso-date.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { formatEuros, formatFrenchDate } from '../letters/french-format.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;

/** What an administrator sends to define a field (seed 000 step 2). */
export interface CustomFieldInput {
  missionType: ServiceType;
  key: string;
  label: string;
  kind: CustomFieldKind;
  required: boolean;
  position?: number | undefined;
  options: string[];
}

/** The message the summary list shows when a mission type has no field (seed 000: « un message vous l'indique »). */
export const NO_CUSTOM_FIELD_MESSAGE = 'Aucun champ personnalisé n’est paramétré pour ce type de mission.';

const CHOICE_KINDS: readonly CustomFieldKind[] = ['single_choice', 'multiple_choice'];

function assertOptions(input: Pick<CustomFieldInput, 'kind' | 'options'>): void {
  const choice = CHOICE_KINDS.includes(input.kind);
  if (choice && input.options.length < 2) throw AppError.invalid([{ field: 'options', location: 'body', message: 'au moins deux choix sont nécessaires' }]);
  if (!choice && input.options.length > 0) throw AppError.invalid([{ field: 'options', location: 'body', message: 'seuls les champs à choix ont des options' }]);
  if (new Set(input.options).size !== input.options.length) throw AppError.invalid([{ field: 'options', location: 'body', message: 'les choix doivent être distincts' }]);
}

/** The fields of a mission type in their order; archived ones only when asked. */
export async function listCustomFields(db: Db, organisationId: string, missionType: ServiceType, options: { includeArchived?: boolean } = {}): Promise<CustomFieldRow[]> {
  return db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.organisationId, organisationId),
        eq(customFields.missionType, missionType),
        options.includeArchived ? undefined : isNull(customFields.archivedAt),
      ),
    )
    .orderBy(asc(customFields.position), asc(customFields.id));
}

export async function findCustomField(db: Db, organisationId: string, id: string): Promise<CustomFieldRow> {
  const [row] = await db.select().from(customFields).where(and(eq(customFields.organisationId, organisationId), eq(customFields.id, id)));
  if (!row) throw AppError.notFound('Custom field');
  return row;
}

/** Creates a field at the end of its mission type's list (or at `position`). Keys are unique per mission type. */
export async function createCustomField(db: Db, actor: Actor, input: CustomFieldInput): Promise<CustomFieldRow> {
  assertOptions(input);
  return db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: max(customFields.position) })
      .from(customFields)
      .where(and(eq(customFields.organisationId, actor.organisationId), eq(customFields.missionType, input.missionType)));
    const [row] = await tx
      .insert(customFields)
      .values({ ...input, organisationId: actor.organisationId, position: input.position ?? (last?.position ?? 0) + 1 })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('conflict', `A custom field with key ${input.key} already exists for this mission type`, { fields: [{ field: 'key', location: 'body', message: 'déjà utilisée' }] });
    await recordHistory(tx, actor, { type: 'custom_field', id: row.id }, { action: 'create', after: row });
    return row;
  });
}

/** Changes a field's label, requirement, position or choices (its key and kind stay: letters hold values of them). */
export async function updateCustomField(db: Db, actor: Actor, id: string, patch: Partial<Pick<CustomFieldInput, 'label' | 'required' | 'position' | 'options'>>): Promise<CustomFieldRow> {
  return db.transaction(async (tx) => {
    const before = await findCustomField(tx, actor.organisationId, id);
    if (patch.options) assertOptions({ kind: before.kind, options: patch.options });
    const [after] = await tx.update(customFields).set({ ...patch, updatedAt: new Date() }).where(eq(customFields.id, id)).returning();
    await recordHistory(tx, actor, { type: 'custom_field', id }, { action: 'update', before, after: after! });
    return after!;
  });
}

/**
 * Removes a field: deleted while no letter holds a value for it, archived otherwise (the letters
 * already written keep printing it). Answers what happened.
 */
export async function deleteCustomField(db: Db, actor: Actor, id: string): Promise<{ outcome: 'deleted' | 'archived'; field: CustomFieldRow }> {
  return db.transaction(async (tx) => {
    const before = await findCustomField(tx, actor.organisationId, id);
    const [used] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(missionLetters)
      .where(and(eq(missionLetters.organisationId, actor.organisationId), sql`${missionLetters.customValues} ? ${before.key}`));
    if ((used?.n ?? 0) > 0) {
      const [after] = await tx.update(customFields).set({ archivedAt: before.archivedAt ?? new Date(), updatedAt: new Date() }).where(eq(customFields.id, id)).returning();
      await recordHistory(tx, actor, { type: 'custom_field', id }, { action: 'update', before, after: after! });
      return { outcome: 'archived', field: after! };
    }
    await tx.delete(customFields).where(eq(customFields.id, id));
    await recordHistory(tx, actor, { type: 'custom_field', id }, { action: 'delete', before });
    return { outcome: 'deleted', field: before };
  });
}

function checkValue(field: CustomFieldRow, value: unknown): string | null {
  switch (field.kind) {
    case 'text':
      return typeof value === 'string' && value.length <= 500 ? null : 'doit être un texte de 500 caractères au plus';
    case 'long_text':
      return typeof value === 'string' && value.length <= 10_000 ? null : 'doit être un texte de 10 000 caractères au plus';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'doit être un nombre';
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : 'doit être un montant en centimes (entier)';
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? null : 'doit être une date AAAA-MM-JJ';
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'doit être vrai ou faux';
    case 'single_choice':
      return typeof value === 'string' && field.options.includes(value) ? null : `doit être l’un des choix : ${field.options.join(', ')}`;
    case 'multiple_choice':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && field.options.includes(item)) && new Set(value).size === value.length
        ? null
        : `doit être une liste parmi : ${field.options.join(', ')}`;
  }
}

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Checks the custom values of a letter against the fields of its mission type: each value of the
 * right kind, every required field filled, no unknown key. Returns the problems (field
 * `customValues.<key>`), none when valid; values of archived fields already on the letter are kept.
 */
export function customValueProblems(fields: readonly CustomFieldRow[], values: Record<string, unknown>, options: { requireAll: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byKey = new Map(fields.map((field) => [field.key, field]));
  for (const key of Object.keys(values)) {
    const field = byKey.get(key);
    if (!field) problems.push({ field: `customValues.${key}`, location: 'body', message: 'champ personnalisé inconnu' });
    else if (!isEmpty(values[key])) {
      const message = checkValue(field, values[key]);
      if (message) problems.push({ field: `customValues.${key}`, location: 'body', message });
    }
  }
  if (options.requireAll) {
    for (const field of fields) {
      if (field.required && field.archivedAt === null && isEmpty(values[field.key])) {
        problems.push({ field: `customValues.${field.key}`, location: 'body', message: `« ${field.label} » est obligatoire` });
      }
    }
  }
  return problems;
}

/** The value as the letter prints it (`{{ custom.<key> }}`): French numbers, euros, dates, Oui/Non. */
export function formatCustomValue(field: Pick<CustomFieldRow, 'kind'>, value: CustomValue | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field.kind) {
    case 'money':
      return formatEuros(Number(value));
    case 'number':
      return new Intl.NumberFormat('fr-FR').format(Number(value)).replace(/[\u202f\u00a0]/g, ' ');
    case 'date':
      return formatFrenchDate(String(value));
    case 'yes_no':
      return value === true ? 'Oui' : 'Non';
    case 'multiple_choice':
      return Array.isArray(value) ? value.join(', ') : String(value);
    default:
      return String(value);
  }
}
