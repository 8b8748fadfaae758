import { and, eq } from 'drizzle-orm';
import type { PdfRenderer } from '../../adapters/pdf/pdf-renderer.ts';
import type { DocumentStorage } from '../../adapters/storage/document-storage.ts';
import type { Db } from '../../db/client.ts';
import { documents, firmLegalInformation, firms, missionLetters } from '../../db/schema/index.ts';
import { uploadDocument } from '../documents/upload-document.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findMission } from '../missions/mission-view.ts';
import { escapeHtml } from '../templates/text-blocks.ts';
import { formatFrenchDay } from './french-format.ts';
import { documentFontCss } from './print-letter.ts';

export type FirmLegalInformationRow = typeof firmLegalInformation.$inferSelect;

/** Reads what the FIL needs beyond the firm's identity (empty until saved). */
export async function getFirmLegalInformation(db: Db, organisationId: string, firmId: string): Promise<FirmLegalInformationRow> {
  const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
  const [row] = await db.select().from(firmLegalInformation).where(eq(firmLegalInformation.firmId, firmId));
  return row ?? { firmId, organisationId, consumerMediator: null, professionalInsurance: null, updatedAt: new Date(0) };
}

/** Saves the consumer mediator and the professional insurance of a firm (admin). */
export async function saveFirmLegalInformation(
  db: Db,
  actor: Actor,
  firmId: string,
  input: { consumerMediator?: string | null | undefined; professionalInsurance?: string | null | undefined },
): Promise<FirmLegalInformationRow> {
  return db.transaction(async (tx) => {
    const before = await getFirmLegalInformation(tx, actor.organisationId, firmId);
    const values = {
      firmId,
      organisationId: actor.organisationId,
      consumerMediator: input.consumerMediator !== undefined ? input.consumerMediator : before.consumerMediator,
      professionalInsurance: input.professionalInsurance !== undefined ? input.professionalInsurance : before.professionalInsurance,
    };
    const [row] = await tx.insert(firmLegalInformation).values(values).onConflictDoUpdate({ target: firmLegalInformation.firmId, set: { ...values, updatedAt: new Date() } }).returning();
    await recordHistory(tx, actor, { type: 'firm_legal_information', id: firmId }, { action: 'update', before, after: row! });
    return row!;
  });
}

const STYLE = `
  body { margin: 0; font-family: "Document Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #1d1d1f; }
  h1 { font-size: 18pt; color: #1f3a5f; margin: 0 0 4pt; }
  p.lead { color: #55595f; margin: 0 0 16pt; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; width: 38%; color: #1f3a5f; vertical-align: top; }
  th, td { border-bottom: 1px solid #c9d3df; padding: 6pt 6pt 6pt 0; }
`;

/**
 * The legal information sheet (fiche d'informations légales, C. consom. L111-2): the firm's name,
 * legal form, address, RCS, Ordre registration, VAT number, consumer mediator and professional
 * insurance. An item not yet filled in prints « non renseigné », so the gap is visible.
 */
export async function renderLegalInformationSheet(db: Db, organisationId: string, firmId: string, options: { fontFaceCss?: string } = {}): Promise<string> {
  const [firm] = await db.select().from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
  return legalInformationSheetHtml(firm, await getFirmLegalInformation(db, organisationId, firmId), options);
}

/** The FIL's HTML from the firm's row and its legal information (pure; the benchmark uses it too). */
export function legalInformationSheetHtml(
  firm: Pick<typeof firms.$inferSelect, 'name' | 'legalForm' | 'address' | 'rcs' | 'siren' | 'orderRegistration' | 'vatNumber'>,
  extra: Pick<FirmLegalInformationRow, 'consumerMediator' | 'professionalInsurance'>,
  options: { fontFaceCss?: string } = {},
): string {
  const rows: [string, string | null][] = [
    ['Dénomination', firm.name],
    ['Forme juridique', firm.legalForm],
    ['Siège social', firm.address],
    ['Immatriculation au RCS', firm.rcs],
    ['SIREN', firm.siren],
    ['Inscription à l’Ordre', firm.orderRegistration],
    ['Numéro de TVA intracommunautaire', firm.vatNumber],
    ['Médiateur de la consommation', extra.consumerMediator],
    ['Assurance de responsabilité civile professionnelle', extra.professionalInsurance],
  ];
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fiche d’informations légales — ${escapeHtml(firm.name)}</title><style>${options.fontFaceCss ?? ''}${STYLE}</style></head>
<body>
<h1>Fiche d’informations légales</h1>
<p class="lead">Informations précontractuelles remises au client (code de la consommation, art. L. 111-2), le ${escapeHtml(formatFrenchDay(new Date()))}.</p>
<table>${rows.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value && value.trim() !== '' ? value : 'non renseigné')}</td></tr>`).join('\n')}</table>
</body></html>`;
}

/** Checks that the letter still accepts attachments: saved, and the mission not yet sent for signature. */
async function lockAttachableLetter(db: Db, organisationId: string, missionId: string) {
  const mission = await findMission(db, organisationId, missionId, { forUpdate: true });
  const [letter] = await db.select().from(missionLetters).where(eq(missionLetters.missionId, missionId)).for('update');
  if (!letter) throw new AppError('precondition_failed', 'Enregistrez d’abord la lettre de mission', { missing: ['letter'] });
  if (!['draft', 'validated'].includes(mission.status)) throw new AppError('conflict', 'La lettre est déjà partie en signature : ses pièces jointes ne changent plus', { status: mission.status });
  return { mission, letter };
}

/** Attaches (or detaches) a document of the client's store to the letter; it travels with it to signature. */
export async function setLetterAttachment(db: Db, actor: Actor, missionId: string, documentId: string, attached: boolean): Promise<string[]> {
  return db.transaction(async (tx) => {
    const { mission, letter } = await lockAttachableLetter(tx, actor.organisationId, missionId);
    const [document] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.organisationId, actor.organisationId), eq(documents.clientId, mission.clientId), eq(documents.id, documentId)));
    if (!document) throw AppError.invalid([{ field: 'documentId', location: 'body', message: 'n’est pas un document du client' }]);
    const ids = attached ? [...new Set([...letter.attachmentDocumentIds, documentId])] : letter.attachmentDocumentIds.filter((id) => id !== documentId);
    const [row] = await tx.update(missionLetters).set({ attachmentDocumentIds: ids, updatedAt: new Date() }).where(eq(missionLetters.missionId, missionId)).returning();
    await recordHistory(tx, actor, { type: 'mission_letter', id: missionId }, { action: 'update', before: letter, after: row! });
    return ids;
  });
}

/**
 * « Ajouter la FIL » (seed 000 step 4): prints the firm's legal information sheet into the letter's
 * folder and attaches it, so it travels with the letter to signature. Adding it again files a new
 * version of the same document.
 */
export async function addLegalInformationSheet(deps: { db: Db; storage: DocumentStorage; renderer: PdfRenderer }, actor: Actor, missionId: string): Promise<{ documentId: string; sha256: string; attachmentDocumentIds: string[] }> {
  const { db } = deps;
  const mission = await findMission(db, actor.organisationId, missionId);
  const [letter] = await db.select().from(missionLetters).where(and(eq(missionLetters.organisationId, actor.organisationId), eq(missionLetters.missionId, missionId)));
  if (!letter?.destinationFolderId) throw new AppError('precondition_failed', 'Choisissez d’abord le répertoire de destination de la lettre', { missing: ['destinationFolderId'] });
  const firmId = mission.firmId ?? (await db.select({ id: firms.id }).from(firms).where(eq(firms.organisationId, actor.organisationId)).limit(1))[0]?.id;
  if (!firmId) throw new AppError('precondition_failed', 'The organisation has no firm');
  const html = await renderLegalInformationSheet(db, actor.organisationId, firmId, { fontFaceCss: await documentFontCss() });
  const pdf = await deps.renderer.render(html);
  const document = await uploadDocument(db, deps.storage, actor, { clientId: mission.clientId, folderId: letter.destinationFolderId, name: 'Fiche d’informations légales.pdf', mediaType: 'application/pdf', body: pdf });
  const attachmentDocumentIds = await setLetterAttachment(db, actor, missionId, document.id, true);
  return { documentId: document.id, sha256: document.sha256, attachmentDocumentIds };
}
