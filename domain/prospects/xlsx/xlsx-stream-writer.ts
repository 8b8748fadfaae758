import type { Writable } from 'node:stream';
import { ZipStream } from './zip-stream.ts';

/** How a column's cells are typed: text, an Excel date (day), an integer or a decimal number. */
export type XlsxColumnType = 'text' | 'date' | 'integer' | 'decimal';
export interface XlsxColumn {
  header: string;
  width: number;
  type: XlsxColumnType;
}
export type XlsxValue = string | number | Date | null | undefined;

// Style indexes of styles.xml below: 0 default, 1 date, 2 decimal, 3 bold header, 4 integer.
const styleOf: Record<XlsxColumnType, number> = { text: 0, date: 1, decimal: 2, integer: 4 };

const stylesXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const contentTypesXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '</Types>';

const rootRelsXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const workbookRelsXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

// Control characters XML 1.0 cannot carry (tab, newline and carriage return are fine).
// eslint-disable-next-line no-control-regex
const invalidXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const xmlSpecials = /[&<>"]/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for XML, dropping the control characters XML 1.0 cannot carry. */
export function xmlText(value: string): string {
  return value.replace(invalidXmlChars, '').replace(xmlSpecials, (char) => entities[char]!);
}

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel's serial day number of a UTC midnight (1900 date system). */
function excelSerial(date: Date): number {
  return date.getTime() / 86_400_000 + 25569;
}

/**
 * Writes a one-sheet .xlsx workbook row by row to `output`, streamed: each row becomes
 * SpreadsheetML immediately (inline strings, typed numbers, dates as serial days with a
 * `dd/mm/yyyy` format), compressed as it goes, with back-pressure. The header row is bold and
 * frozen. Hand-written because exceljs's WorkbookWriter spent ~4 µs per cell (10 s for the
 * 100,000-row export on the bench machine); this writes the same package in a fraction of that.
 */
export async function createXlsxStreamWriter(output: Writable, sheet: { name: string; columns: XlsxColumn[] }) {
  const zip = new ZipStream(output);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await zip.add('[Content_Types].xml', contentTypesXml);
  await zip.add('_rels/.rels', rootRelsXml);
  await zip.add(
    'docProps/core.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:creator>Échéance</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${now}</dcterms:created></cp:coreProperties>`,
  );
  await zip.add(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${xmlText(sheet.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  await zip.add('xl/_rels/workbook.xml.rels', workbookRelsXml);
  await zip.add('xl/styles.xml', stylesXml);

  const names = sheet.columns.map((_, index) => columnName(index));
  const worksheet = await zip.open('xl/worksheets/sheet1.xml');
  let pending = '';
  let rowNumber = 0;
  const flush = async (force = false) => {
    if (pending.length < 64 * 1024 && !force) return;
    const chunk = pending;
    pending = '';
    await worksheet.write(chunk);
  };
  const cols = sheet.columns.map((column, index) => `<col min="${index + 1}" max="${index + 1}" width="${column.width}" customWidth="1"/>`).join('');
  pending +=
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`;

  const writeRow = (cells: (index: number) => string) => {
    rowNumber += 1;
    let xml = `<row r="${rowNumber}">`;
    for (let index = 0; index < sheet.columns.length; index++) xml += cells(index);
    pending += `${xml}</row>`;
  };
  writeRow((index) => `<c r="${names[index]}1" s="3" t="inlineStr"><is><t xml:space="preserve">${xmlText(sheet.columns[index]!.header)}</t></is></c>`);

  return {
    /** Appends one row; values are given in column order (null or undefined leaves the cell empty). */
    async addRow(values: XlsxValue[]): Promise<void> {
      writeRow((index) => {
        const value = values[index];
        if (value === null || value === undefined || value === '') return '';
        const ref = `${names[index]}${rowNumber}`;
        const type = sheet.columns[index]!.type;
        if (value instanceof Date) return `<c r="${ref}" s="${styleOf.date}"><v>${excelSerial(value)}</v></c>`;
        if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}" s="${styleOf[type]}"><v>${value}</v></c>` : '';
        return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
      });
      await flush();
    },
    /** Closes the sheet and the package; `output` is left open for the caller to end. */
    async finish(): Promise<void> {
      pending += '</sheetData></worksheet>';
      await flush(true);
      await worksheet.close();
      await zip.finish();
    },
  };
}
