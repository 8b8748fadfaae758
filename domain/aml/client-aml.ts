import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientAmlRecords, clients, documents, type AmlRiskLevel, type BeneficialOwnerJson } from '../../db/schema/index.ts';
import { addDays, type IsoDate } from '../calendar/iso-date.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';

export type ClientAmlRow = typeof clientAmlRecords.$inferSelect;

/** What staff record of a client's identification (CMF L561-5, NPLAB standard). */
export interface ClientAmlInput {
  riskLevel?: AmlRiskLevel | null | undefined;
  idDocumentId?: string | null | undefined;
  registryExtractDocumentId?: string | null | undefined;
  registryExtractIssuedOn?: IsoDate | null | undefined;
  beneficialOwners?: BeneficialOwnerJson[] | undefined;
  relationshipEndedOn?: IsoDate | null | undefined;
}

/** The identification file with what it still lacks today. */
export interface ClientAmlView {
  record: ClientAmlRow;
  missing: AmlGap[];
}

/** One missing identification item, with the French sentence the refusal shows. */
export interface AmlGap {
  item: 'risk_level' | 'id_document' | 'registry_extract' | 'registry_extract_outdated' | 'beneficial_owners';
  message: string;
}

/** A registry extract older than this many days is no longer a current identification (3 months). */
export const REGISTRY_EXTRACT_MAX_AGE_DAYS = 92;
/** Records are kept 5 years after the relationship ends (CMF L561-12). */
export const AML_RETENTION_YEARS = 5;

function emptyRecord(organisationId: string, clientId: string): ClientAmlRow {
  return {
    clientId,
    organisationId,
    riskLevel: null,
    idDocumentId: null,
    registryExtractDocumentId: null,
    registryExtractIssuedOn: null,
    beneficialOwners: [],
    relationshipEndedOn: null,
    retainUntil: null,
    updatedAt: new Date(0),
  };
}

/** What a client's identification still lacks on `today` (an individual's ID; a company's recent extract and beneficial owners; a risk level). */
export function amlGaps(kind: 'company' | 'individual', record: ClientAmlRow, today: IsoDate): AmlGap[] {
  const gaps: AmlGap[] = [];
  if (kind === 'individual') {
    if (!record.idDocumentId) gaps.push({ item: 'id_document', message: 'la pièce d’identité officielle du client' });
  } else {
    if (!record.registryExtractDocumentId || !record.registryExtractIssuedOn) gaps.push({ item: 'registry_extract', message: 'l’extrait d’immatriculation (Kbis) du client' });
    else if (record.registryExtractIssuedOn < addDays(today, -REGISTRY_EXTRACT_MAX_AGE_DAYS)) {
      gaps.push({ item: 'registry_extract_outdated', message: 'un extrait d’immatriculation de moins de 3 mois' });
    }
    if (record.beneficialOwners.length === 0) gaps.push({ item: 'beneficial_owners', message: 'les bénéficiaires effectifs de la société' });
  }
  if (!record.riskLevel) gaps.push({ item: 'risk_level', message: 'le niveau de vigilance (standard ou renforcée)' });
  return gaps;
}

async function findClientKind(db: Db, organisationId: string, clientId: string): Promise<'company' | 'individual'> {
  const [client] = await db.select({ kind: clients.kind }).from(clients).where(and(eq(clients.organisationId, organisationId), eq(clients.id, clientId)));
  if (!client) throw AppError.notFound('Client');
  return client.kind;
}

/** Reads a client's identification file (empty until first saved) and what it lacks today. */
export async function getClientAml(db: Db, organisationId: string, clientId: string, today: IsoDate): Promise<ClientAmlView> {
  const kind = await findClientKind(db, organisationId, clientId);
  const [row] = await db.select().from(clientAmlRecords).where(eq(clientAmlRecords.clientId, clientId));
  const record = row ?? emptyRecord(organisationId, clientId);
  return { record, missing: amlGaps(kind, record, today) };
}

/**
 * Saves a client's identification file. Documents must be the client's own; the retention date is
 * derived: five years after the end of the relationship, once it has ended.
 */
export async function saveClientAml(db: Db, actor: Actor, clientId: string, input: ClientAmlInput, today: IsoDate): Promise<ClientAmlView> {
  return db.transaction(async (tx) => {
    const kind = await findClientKind(tx, actor.organisationId, clientId);
    const [stored] = await tx.select().from(clientAmlRecords).where(eq(clientAmlRecords.clientId, clientId)).for('update');
    const before = stored ?? emptyRecord(actor.organisationId, clientId);
    const next: ClientAmlRow = { ...before };
    for (const key of Object.keys(input) as (keyof ClientAmlInput)[]) if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
    const problems: FieldProblem[] = [];
    for (const field of ['idDocumentId', 'registryExtractDocumentId'] as const) {
      const id = next[field];
      if (!id) continue;
      const [document] = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.organisationId, actor.organisationId), eq(documents.clientId, clientId), eq(documents.id, id)));
      if (!document) problems.push({ field, location: 'body', message: 'n’est pas un document du client' });
    }
    if (next.registryExtractIssuedOn && next.registryExtractIssuedOn > today) problems.push({ field: 'registryExtractIssuedOn', location: 'body', message: 'ne peut pas être dans le futur' });
    if (problems.length > 0) throw AppError.invalid(problems);
    next.retainUntil = next.relationshipEndedOn ? `${Number(next.relationshipEndedOn.slice(0, 4)) + AML_RETENTION_YEARS}${next.relationshipEndedOn.slice(4)}`.replace(/-02-29$/, '-02-28') : null;
    const { updatedAt: _u, ...values } = next;
    const [row] = await tx.insert(clientAmlRecords).values(values).onConflictDoUpdate({ target: clientAmlRecords.clientId, set: { ...values, updatedAt: new Date() } }).returning();
    await recordHistory(tx, actor, { type: 'client_aml', id: clientId }, stored ? { action: 'update', before: stored, after: row! } : { action: 'create', after: row! });
    return { record: row!, missing: amlGaps(kind, row!, today) };
  });
}

/**
 * The anti-money-laundering gate before a letter goes to signature: refuses (422) while the
 * client's identification is not current, naming each missing item in `missing` and in French.
 */
export async function assertAmlIdentified(db: Db, organisationId: string, clientId: string, today: IsoDate): Promise<void> {
  const { missing } = await getClientAml(db, organisationId, clientId, today);
  if (missing.length === 0) return;
  throw new AppError('precondition_failed', `Identification LCB-FT incomplète : il manque ${missing.map((gap) => gap.message).join(', ')}`, {
    missing: missing.map((gap) => gap.item),
  });
}
