import type { Writable } from 'node:stream';
import { and, count, eq, inArray, sum } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client.ts';
import { prospectFiles, prospects, users } from '../../db/schema/index.ts';
import { parisDateOf } from './business-dates.ts';
import { actionTypeLabels, clientTypeLabels, prospectStatusLabels } from './export-labels.ts';
import type { ProspectRow } from './prospect-view.ts';
import { preferredEmails } from './search-prospects.ts';
import { prospectSearchCondition, prospectSearchOrder, type ProspectSearch } from './search-filters.ts';

const dateFormat = 'dd/mm/yyyy';

/** The export's columns: French header, width, Excel number format. */
export const exportColumns = [
  { header: 'Raison sociale', key: 'companyName', width: 36 },
  { header: 'Forme juridique', key: 'legalForm', width: 14 },
  { header: 'SIRET', key: 'siret', width: 17 },
  { header: 'NAF', key: 'nafCode', width: 8 },
  { header: 'Type client', key: 'clientType', width: 20 },
  { header: 'Source', key: 'source', width: 18 },
  { header: 'Commercial source', key: 'sourceSalesperson', width: 24 },
  { header: 'Commercial opérationnel', key: 'operationalSalesperson', width: 24 },
  { header: 'Repreneur d’activité', key: 'businessAcquirer', width: 12 },
  { header: 'Téléphone', key: 'phone', width: 16 },
  { header: 'Mail', key: 'email', width: 30 },
  { header: 'Rue, lieu-dit', key: 'street', width: 30 },
  { header: 'Code postal', key: 'postalCode', width: 10 },
  { header: 'Ville', key: 'city', width: 20 },
  { header: 'Pays', key: 'country', width: 6 },
  { header: 'Dernière action', key: 'lastActionDate', width: 12, numFmt: dateFormat },
  { header: 'Type de la dernière action', key: 'lastActionType', width: 20 },
  { header: 'Prochaine action', key: 'nextActionDate', width: 12, numFmt: dateFormat },
  { header: 'Type de la prochaine action', key: 'nextActionType', width: 20 },
  { header: 'Etat', key: 'status', width: 10 },
  { header: 'Nombre de dossiers', key: 'fileCount', width: 10, numFmt: '0' },
  { header: 'Montant des offres (€)', key: 'offerTotal', width: 14, numFmt: '#,##0.00' },
  { header: 'Date de création de l’entreprise', key: 'creationDate', width: 12, numFmt: dateFormat },
  { header: 'Créé le', key: 'createdOn', width: 12, numFmt: dateFormat },
  { header: 'Note', key: 'note', width: 40 },
] as const;

/** A business date `YYYY-MM-DD` as the Excel date of that day (Excel dates have no time zone). */
function excelDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00Z`) : null;
}

const chunkSize = 1000;

/**
 * Writes the prospects matching a search (all of them with an empty search) as an .xlsx
 * workbook to `output`, streamed: the ordered ids are read first, then rows by chunks of a
 * thousand, each committed to the stream as soon as it is written, so memory stays flat
 * whatever the row count. Dates are Excel dates, counts and amounts numbers, headers French.
 */
export async function exportProspects(db: Db, organisationId: string, filter: ProspectSearch, output: Writable): Promise<{ rows: number }> {
  const ids = (
    await db
      .select({ id: prospects.id })
      .from(prospects)
      .where(prospectSearchCondition(organisationId, filter))
      .orderBy(...prospectSearchOrder(filter))
  ).map((row) => row.id);
  const staff = new Map(
    (await db.select({ id: users.id, firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.organisationId, organisationId))).map((user) => [
      user.id,
      `${user.firstName} ${user.lastName}`,
    ]),
  );

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Échéance';
  const sheet = workbook.addWorksheet('Prospects', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = exportColumns.map((column) => ({ header: column.header, key: column.key, width: column.width, ...('numFmt' in column ? { style: { numFmt: column.numFmt } } : {}) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  for (let start = 0; start < ids.length; start += chunkSize) {
    const chunk = ids.slice(start, start + chunkSize);
    const [rows, emails, files] = await Promise.all([
      db.select().from(prospects).where(and(eq(prospects.organisationId, organisationId), inArray(prospects.id, chunk))),
      preferredEmails(db, chunk),
      db
        .select({ prospectId: prospectFiles.prospectId, files: count(), offers: sum(prospectFiles.offerAmountCents) })
        .from(prospectFiles)
        .where(inArray(prospectFiles.prospectId, chunk))
        .groupBy(prospectFiles.prospectId),
    ]);
    const byId = new Map<string, ProspectRow>(rows.map((row) => [row.id, row]));
    const filesOf = new Map(files.map((file) => [file.prospectId, file]));
    for (const id of chunk) {
      const prospect = byId.get(id);
      if (!prospect) continue; // deleted meanwhile
      const file = filesOf.get(id);
      sheet
        .addRow({
          companyName: prospect.companyName,
          legalForm: prospect.legalForm,
          siret: prospect.siret,
          nafCode: prospect.nafCode,
          clientType: prospect.clientType ? clientTypeLabels[prospect.clientType] : null,
          source: prospect.source,
          sourceSalesperson: prospect.sourceSalespersonId ? (staff.get(prospect.sourceSalespersonId) ?? null) : null,
          operationalSalesperson: prospect.operationalSalespersonId ? (staff.get(prospect.operationalSalespersonId) ?? null) : null,
          businessAcquirer: prospect.businessAcquirer ? 'Oui' : 'Non',
          phone: prospect.phone,
          email: emails.get(id) ?? null,
          street: prospect.street,
          postalCode: prospect.postalCode,
          city: prospect.city,
          country: prospect.country,
          lastActionDate: excelDate(prospect.lastActionDate),
          lastActionType: prospect.lastActionType ? actionTypeLabels[prospect.lastActionType] : null,
          nextActionDate: excelDate(prospect.nextActionDate),
          nextActionType: prospect.nextActionType ? actionTypeLabels[prospect.nextActionType] : null,
          status: prospectStatusLabels[prospect.status],
          fileCount: file?.files ?? 0,
          offerTotal: Number(file?.offers ?? 0) / 100,
          creationDate: excelDate(prospect.creationDate),
          createdOn: excelDate(parisDateOf(prospect.createdAt)),
          note: prospect.note,
        })
        .commit();
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows: ids.length };
}
