import type { Writable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prospects, users } from '../../db/schema/index.ts';
import { BUSINESS_TIME_ZONE } from '../calendar/paris-time.ts';
import { actionTypeLabels, clientTypeLabels, prospectStatusLabels } from './export-labels.ts';
import { prospectSearchCondition, prospectSearchOrder, type ProspectSearch } from './search-filters.ts';
import { createXlsxStreamWriter, type XlsxColumnType } from './xlsx/xlsx-stream-writer.ts';

/** The export's columns: French header, width, cell type. */
export const exportColumns = [
  { header: 'Raison sociale', key: 'companyName', width: 36, type: 'text' },
  { header: 'Forme juridique', key: 'legalForm', width: 14, type: 'text' },
  { header: 'SIRET', key: 'siret', width: 17, type: 'text' },
  { header: 'NAF', key: 'nafCode', width: 8, type: 'text' },
  { header: 'Type client', key: 'clientType', width: 20, type: 'text' },
  { header: 'Source', key: 'source', width: 18, type: 'text' },
  { header: 'Commercial source', key: 'sourceSalesperson', width: 24, type: 'text' },
  { header: 'Commercial opérationnel', key: 'operationalSalesperson', width: 24, type: 'text' },
  { header: 'Repreneur d’activité', key: 'businessAcquirer', width: 12, type: 'text' },
  { header: 'Téléphone', key: 'phone', width: 16, type: 'text' },
  { header: 'Mail', key: 'email', width: 30, type: 'text' },
  { header: 'Rue, lieu-dit', key: 'street', width: 30, type: 'text' },
  { header: 'Code postal', key: 'postalCode', width: 10, type: 'text' },
  { header: 'Ville', key: 'city', width: 20, type: 'text' },
  { header: 'Pays', key: 'country', width: 6, type: 'text' },
  { header: 'Dernière action', key: 'lastActionDate', width: 12, type: 'date' },
  { header: 'Type de la dernière action', key: 'lastActionType', width: 20, type: 'text' },
  { header: 'Prochaine action', key: 'nextActionDate', width: 12, type: 'date' },
  { header: 'Type de la prochaine action', key: 'nextActionType', width: 20, type: 'text' },
  { header: 'Etat', key: 'status', width: 10, type: 'text' },
  { header: 'Nombre de dossiers', key: 'fileCount', width: 10, type: 'integer' },
  { header: 'Montant des offres (€)', key: 'offerTotal', width: 14, type: 'decimal' },
  { header: 'Date de création de l’entreprise', key: 'creationDate', width: 12, type: 'date' },
  { header: 'Créé le', key: 'createdOn', width: 12, type: 'date' },
  { header: 'Note', key: 'note', width: 40, type: 'text' },
] as const satisfies ReadonlyArray<{ header: string; key: string; width: number; type: XlsxColumnType }>;

/** A business date `YYYY-MM-DD` as the Excel date of that day (Excel dates have no time zone). */
function excelDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00Z`) : null;
}

const chunkSize = 2000;

/**
 * Writes the prospects matching a search (all of them with an empty search) as an .xlsx
 * workbook to `output`, streamed: the ordered ids are read first, then rows by chunks (one query
 * each, with the preferred contact's email and the files' count and offers), each written to the
 * compressed stream at once, so memory stays flat whatever the row count. Dates are Excel dates,
 * counts and amounts numbers, headers French.
 */
export async function exportProspects(db: Db, organisationId: string, filter: ProspectSearch, output: Writable): Promise<{ rows: number }> {
  // The matching ids, in order, as one comma-separated string: uuids are 36 characters, so chunk
  // k is a plain substring, and 100,000 ids cost 3.7 MB instead of 100,000 row objects.
  const [matching] = await db
    .select({ ids: sql<string | null>`string_agg(${prospects.id}::text, ',' order by ${sql.join(prospectSearchOrder(filter), sql`, `)})` })
    .from(prospects)
    .where(prospectSearchCondition(organisationId, filter));
  const ids = matching?.ids ?? '';
  const idLength = 37; // 36 characters and a comma
  const total = ids === '' ? 0 : (ids.length + 1) / idLength;
  const chunkAt = (index: number) => ids.slice(index * idLength, Math.min(ids.length, (index + chunkSize) * idLength - 1));
  const staff = new Map(
    (await db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.organisationId, organisationId))).map((user) => [
      user.id,
      `${user.firstName} ${user.lastName}`,
    ]),
  );
  const sheet = await createXlsxStreamWriter(output, { name: 'Prospects', columns: [...exportColumns] });

  const fetchChunk = (chunk: string) =>
    db
      .select({
        id: prospects.id,
        companyName: prospects.companyName,
        legalForm: prospects.legalForm,
        siret: prospects.siret,
        nafCode: prospects.nafCode,
        clientType: prospects.clientType,
        source: prospects.source,
        sourceSalespersonId: prospects.sourceSalespersonId,
        operationalSalespersonId: prospects.operationalSalespersonId,
        businessAcquirer: prospects.businessAcquirer,
        phone: prospects.phone,
        street: prospects.street,
        postalCode: prospects.postalCode,
        city: prospects.city,
        country: prospects.country,
        lastActionDate: prospects.lastActionDate,
        lastActionType: prospects.lastActionType,
        nextActionDate: prospects.nextActionDate,
        nextActionType: prospects.nextActionType,
        status: prospects.status,
        creationDate: prospects.creationDate,
        note: prospects.note,
        createdOn: sql<string>`to_char(${prospects.createdAt} at time zone ${BUSINESS_TIME_ZONE}, 'YYYY-MM-DD')`,
        // Written out: drizzle leaves columns unqualified in a one-table select list, which would
        // make these correlated subqueries ambiguous.
        email: sql<string | null>`(select c.email from prospect_contact_links l join prospect_contacts c on c.id = l.contact_id where l.prospect_id = prospects.id and l.is_preferred limit 1)`,
        fileCount: sql<number>`(select count(*)::int from prospect_files f where f.prospect_id = prospects.id)`,
        offerCents: sql<number>`(select coalesce(sum(f.offer_amount_cents), 0)::bigint from prospect_files f where f.prospect_id = prospects.id)`,
      })
      .from(prospects)
      // One array parameter rather than thousands of bound ones.
      .where(and(eq(prospects.organisationId, organisationId), sql`${prospects.id} = any(string_to_array(${chunk}, ',')::uuid[])`));

  // The next chunk is read while the current one is written and compressed.
  let next = total > 0 ? fetchChunk(chunkAt(0)) : null;
  for (let start = 0; start < total; start += chunkSize) {
    const chunk = chunkAt(start).split(',');
    const rows = await next!;
    next = start + chunkSize < total ? fetchChunk(chunkAt(start + chunkSize)) : null;
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of chunk) {
      const prospect = byId.get(id);
      if (!prospect) continue; // deleted meanwhile
      await sheet.addRow([
        prospect.companyName,
        prospect.legalForm,
        prospect.siret,
        prospect.nafCode,
        prospect.clientType ? clientTypeLabels[prospect.clientType] : null,
        prospect.source,
        prospect.sourceSalespersonId ? staff.get(prospect.sourceSalespersonId) : null,
        prospect.operationalSalespersonId ? staff.get(prospect.operationalSalespersonId) : null,
        prospect.businessAcquirer ? 'Oui' : 'Non',
        prospect.phone,
        prospect.email,
        prospect.street,
        prospect.postalCode,
        prospect.city,
        prospect.country,
        excelDate(prospect.lastActionDate),
        prospect.lastActionType ? actionTypeLabels[prospect.lastActionType] : null,
        excelDate(prospect.nextActionDate),
        prospect.nextActionType ? actionTypeLabels[prospect.nextActionType] : null,
        prospectStatusLabels[prospect.status],
        Number(prospect.fileCount),
        Number(prospect.offerCents) / 100,
        excelDate(prospect.creationDate),
        excelDate(prospect.createdOn),
        prospect.note,
      ]);
    }
  }
  await sheet.finish();
  return { rows: total };
}
