import { and, eq, inArray } from 'drizzle-orm';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { clientContacts, documentFolders, documents, missionLetters, users, type CustomValue, type ServiceType } from '../../db/schema/index.ts';
import { customValueProblems, listCustomFields } from '../custom-fields/custom-fields.ts';
import { uploadDocument } from '../documents/upload-document.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findMission } from '../missions/mission-view.ts';
import { missionLetterData } from './build-letter-scope.ts';
import { ensureFirmLetterModels, findLetterModel, listLetterModels, type LetterModelView } from './letter-models.ts';
import { printLetter, type LetterFormat, type PrintedLetter } from './print-letter.ts';
import type { LetterSources } from './render-letter.ts';

export type MissionLetterRow = typeof missionLetters.$inferSelect;

/** What staff send to fill in a mission's letter (seed 000 step 3, seed 001); absent fields stay as they are. */
export interface MissionLetterInput {
  modelId?: string | undefined;
  missionType?: ServiceType | undefined;
  interviewDate?: string | null | undefined;
  objectives?: string | null | undefined;
  nature?: string | null | undefined;
  needs?: string | null | undefined;
  typology?: string | null | undefined;
  customValues?: Record<string, CustomValue | null> | undefined;
  firmRepresentativeUserId?: string | null | undefined;
  clientRepresentativeContactId?: string | null | undefined;
  destinationFolderId?: string | null | undefined;
  attachmentDocumentIds?: string[] | undefined;
}

/** The letter with what the screen needs: the fields to fill and what is still missing before validation. */
export interface MissionLetterView {
  letter: MissionLetterRow;
  saved: boolean;
  missing: string[];
  customFields: Awaited<ReturnType<typeof listCustomFields>>;
}

/** The stable `reason` of an edit refused because the letter is frozen. */
export const MISSION_LETTER_FROZEN = 'mission_letter_frozen';

/** The message of every edit refused after validation (seed 000 step 4). */
export const FROZEN_LETTER_MESSAGE = 'La lettre de mission est validée et ne peut plus être modifiée : créez une nouvelle mission';

async function storedLetter(db: Db, organisationId: string, missionId: string, options: { forUpdate?: boolean } = {}): Promise<MissionLetterRow | null> {
  const query = db.select().from(missionLetters).where(and(eq(missionLetters.organisationId, organisationId), eq(missionLetters.missionId, missionId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** The letter a mission starts with: the firm's first engagement model, its objectives, nature and needs pre-filled (seed 000). */
async function draftLetter(db: Db, organisationId: string, missionId: string): Promise<MissionLetterRow> {
  const data = await missionLetterData(db, organisationId, missionId, null);
  const models = await listLetterModels(db, organisationId, data.firmId);
  const model = models.find((m) => m.kind === 'engagement' && m.archivedAt === null);
  const now = new Date();
  return {
    missionId,
    organisationId,
    modelId: model?.id ?? null,
    missionType: 'accounting',
    interviewDate: null,
    objectives: model?.sources.objectives ?? null,
    nature: model?.sources.nature ?? null,
    needs: model?.sources.needs ?? null,
    typology: null,
    customValues: {},
    firmRepresentativeUserId: data.mission.assigneeUserId,
    clientRepresentativeContactId: null,
    destinationFolderId: null,
    attachmentDocumentIds: [],
    frozenAt: null,
    documentId: null,
    sha256: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** What is still missing before the mission can be validated (field names of the letter). */
export async function letterGaps(db: Db, organisationId: string, letter: MissionLetterRow): Promise<string[]> {
  const missing: string[] = [];
  const required: (keyof MissionLetterRow)[] = ['modelId', 'interviewDate', 'objectives', 'nature', 'needs', 'typology', 'firmRepresentativeUserId', 'clientRepresentativeContactId', 'destinationFolderId'];
  for (const field of required) {
    const value = letter[field];
    if (value === null || (typeof value === 'string' && value.trim() === '')) missing.push(field);
  }
  const fields = await listCustomFields(db, organisationId, letter.missionType);
  for (const problem of customValueProblems(fields, letter.customValues, { requireAll: true })) missing.push(problem.field);
  return missing;
}

/** Reads a mission's letter; before the first save, the pre-filled draft (nothing is written). */
export async function getMissionLetter(db: Db, organisationId: string, missionId: string): Promise<MissionLetterView> {
  await findMission(db, organisationId, missionId);
  const stored = await storedLetter(db, organisationId, missionId);
  const letter = stored ?? (await draftLetter(db, organisationId, missionId));
  return { letter, saved: stored !== null, missing: await letterGaps(db, organisationId, letter), customFields: await listCustomFields(db, organisationId, letter.missionType) };
}

/** Checks that every referenced row belongs to the organisation, the mission's client and firm; each bad one is named. */
async function referenceProblems(db: Db, organisationId: string, clientId: string, firmId: string, letter: MissionLetterRow): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, location: 'body', message });
  if (letter.modelId) {
    const model = await findLetterModel(db, organisationId, letter.modelId).catch(() => null);
    if (!model || model.firmId !== firmId || model.kind !== 'engagement') bad('modelId', 'n’est pas un modèle de lettre de mission du cabinet');
  }
  if (letter.firmRepresentativeUserId) {
    const [user] = await db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, organisationId), eq(users.id, letter.firmRepresentativeUserId)));
    if (!user) bad('firmRepresentativeUserId', 'n’est pas un membre du cabinet');
  }
  if (letter.clientRepresentativeContactId) {
    const [contact] = await db
      .select({ id: clientContacts.id })
      .from(clientContacts)
      .where(and(eq(clientContacts.organisationId, organisationId), eq(clientContacts.clientId, clientId), eq(clientContacts.id, letter.clientRepresentativeContactId)));
    if (!contact) bad('clientRepresentativeContactId', 'n’est pas un interlocuteur du client');
  }
  if (letter.destinationFolderId) {
    const [folder] = await db
      .select({ id: documentFolders.id })
      .from(documentFolders)
      .where(and(eq(documentFolders.organisationId, organisationId), eq(documentFolders.clientId, clientId), eq(documentFolders.id, letter.destinationFolderId)));
    if (!folder) bad('destinationFolderId', 'n’est pas un répertoire de la GED du client');
  }
  if (letter.attachmentDocumentIds.length > 0) {
    const found = await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.organisationId, organisationId), eq(documents.clientId, clientId), inArray(documents.id, letter.attachmentDocumentIds)));
    letter.attachmentDocumentIds.forEach((id, index) => {
      if (!found.some((row) => row.id === id)) bad(`attachmentDocumentIds.${index}`, 'n’est pas un document du client');
    });
  }
  return problems;
}

function merge(letter: MissionLetterRow, input: MissionLetterInput): MissionLetterRow {
  const next = { ...letter, customValues: { ...letter.customValues } };
  for (const key of ['modelId', 'missionType', 'interviewDate', 'objectives', 'nature', 'needs', 'typology', 'firmRepresentativeUserId', 'clientRepresentativeContactId', 'destinationFolderId', 'attachmentDocumentIds'] as const) {
    if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
  }
  for (const [key, value] of Object.entries(input.customValues ?? {})) {
    if (value === null) delete next.customValues[key];
    else next.customValues[key] = value;
  }
  return next;
}

/**
 * Saves a draft mission's letter. The custom values are checked against the fields of the mission
 * type — a wrong kind, an unknown key or a missing required field is a 400 naming each
 * (`customValues.<key>`) — and every reference must belong to the mission's client and firm;
 * nothing is written unless all is valid. After validation the letter is frozen: 409.
 */
export async function saveMissionLetter(db: Db, actor: Actor, missionId: string, input: MissionLetterInput): Promise<MissionLetterView> {
  return db.transaction(async (tx) => {
    const mission = await findMission(tx, actor.organisationId, missionId, { forUpdate: true });
    const stored = await storedLetter(tx, actor.organisationId, missionId, { forUpdate: true });
    if (stored?.frozenAt || mission.status !== 'draft') throw new AppError('conflict', FROZEN_LETTER_MESSAGE, { reason: MISSION_LETTER_FROZEN, status: mission.status });
    const before = stored ?? (await draftLetter(tx, actor.organisationId, missionId));
    const next = merge(before, input);
    const fields = await listCustomFields(tx, actor.organisationId, next.missionType, { includeArchived: true });
    const active = fields.filter((field) => field.archivedAt === null || before.customValues[field.key] !== undefined);
    const data = await missionLetterData(tx, actor.organisationId, missionId, null);
    const problems = [
      ...customValueProblems(active, next.customValues, { requireAll: true }),
      ...(await referenceProblems(tx, actor.organisationId, mission.clientId, data.firmId, next)),
    ];
    if (problems.length > 0) throw AppError.invalid(problems);
    const { createdAt: _c, updatedAt: _u, ...values } = next;
    const [row] = await tx
      .insert(missionLetters)
      .values(values)
      .onConflictDoUpdate({ target: missionLetters.missionId, set: { ...values, updatedAt: new Date() } })
      .returning();
    if (stored) await recordHistory(tx, actor, { type: 'mission_letter', id: missionId }, { action: 'update', before: stored, after: row! });
    else await recordHistory(tx, actor, { type: 'mission_letter', id: missionId }, { action: 'create', after: row! });
    return { letter: row!, saved: true, missing: await letterGaps(tx, actor.organisationId, row!), customFields: await listCustomFields(tx, actor.organisationId, row!.missionType) };
  });
}

/** The model sources of a letter: the chosen model's texts, with the letter's own objectives, nature and needs. */
async function letterSources(db: Db, organisationId: string, firmId: string, letter: MissionLetterRow): Promise<{ sources: LetterSources; signable: boolean; model: LetterModelView }> {
  await ensureFirmLetterModels(db, organisationId, firmId);
  const model = letter.modelId ? await findLetterModel(db, organisationId, letter.modelId) : (await listLetterModels(db, organisationId, firmId)).find((m) => m.kind === 'engagement')!;
  return {
    model,
    signable: model.signable,
    sources: { ...model.sources, objectives: letter.objectives ?? model.sources.objectives, nature: letter.nature ?? model.sources.nature, needs: letter.needs ?? model.sources.needs },
  };
}

/**
 * Renders a mission's letter — the saved one, or the saved one with unsaved changes applied — as
 * HTML or PDF, writing nothing (seed 001: « il n'est pas possible d'avoir un aperçu… amélioration
 * à venir »). Changes are checked like a save, except that required fields may still be empty.
 */
export async function previewMissionLetter(db: Db, organisationId: string, missionId: string, changes: MissionLetterInput, format: LetterFormat, renderer: PdfRenderer | undefined): Promise<PrintedLetter> {
  const current = (await storedLetter(db, organisationId, missionId)) ?? (await draftLetter(db, organisationId, missionId));
  const letter = merge(current, changes);
  const fields = await listCustomFields(db, organisationId, letter.missionType, { includeArchived: true });
  const problems = customValueProblems(fields, letter.customValues, { requireAll: false });
  if (problems.length > 0) throw AppError.invalid(problems);
  const data = await missionLetterData(db, organisationId, missionId, letter);
  const model = await letterSources(db, organisationId, data.firmId, letter);
  return printLetter(data, model, format, renderer);
}

/** Ports the freezing needs. */
export interface FreezeLetterDeps {
  db: Db;
  storage: DocumentStorage;
  renderer: PdfRenderer;
}

/**
 * Freezes a mission's letter (seed 000 step 4): renders it to PDF into the chosen folder of the
 * client's document store, records the document and its sha256, and refuses further edits.
 * Idempotent — a retried activity finds the letter frozen and returns it — and refused (422,
 * naming each missing field) while the letter is incomplete.
 */
export async function freezeMissionLetter(deps: FreezeLetterDeps, actor: Actor, missionId: string, at: Date): Promise<MissionLetterRow> {
  const { db } = deps;
  const current = await storedLetter(db, actor.organisationId, missionId);
  if (current?.frozenAt && current.documentId) return current;
  const letter = current ?? (await draftLetter(db, actor.organisationId, missionId));
  const missing = await letterGaps(db, actor.organisationId, letter);
  if (missing.length > 0) throw new AppError('precondition_failed', `La lettre de mission est incomplète : ${missing.join(', ')}`, { missing });
  const data = await missionLetterData(db, actor.organisationId, missionId, letter);
  const model = await letterSources(db, actor.organisationId, data.firmId, letter);
  const printed = await printLetter(data, model, 'pdf', deps.renderer);
  return db.transaction(async (tx) => {
    const locked = await storedLetter(tx, actor.organisationId, missionId, { forUpdate: true });
    if (locked?.frozenAt && locked.documentId) return locked;
    const document = await uploadDocument(tx, deps.storage, actor, {
      clientId: data.clientId!,
      folderId: letter.destinationFolderId!,
      name: `Lettre de mission ${data.scope.mission.reference}.pdf`,
      mediaType: 'application/pdf',
      body: printed.bytes,
    });
    const [row] = await tx
      .update(missionLetters)
      .set({ frozenAt: at, documentId: document.id, sha256: document.sha256, updatedAt: at })
      .where(eq(missionLetters.missionId, missionId))
      .returning();
    await recordHistory(tx, actor, { type: 'mission_letter', id: missionId }, { action: 'update', before: letter, after: row! });
    return row!;
  });
}
