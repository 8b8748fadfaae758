import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createXlsxStreamWriter, type XlsxColumn } from '../../domain/prospects/xlsx/xlsx-stream-writer.ts';

async function write(columns: XlsxColumn[], rows: Array<Array<string | number | Date | null>>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const sheet = await createXlsxStreamWriter(output, { name: 'Feuille & co', columns });
  for (const row of rows) await sheet.addRow(row);
  await sheet.finish();
  output.end();
  return Buffer.concat(chunks);
}

describe('streaming xlsx writer', () => {
  it('writes a workbook exceljs reads back: escaped text, control characters dropped, typed numbers and dates, columns past Z', async () => {
    const columns: XlsxColumn[] = Array.from({ length: 30 }, (_, index) => ({ header: `Colonne ${index + 1}`, width: 10, type: index === 1 ? 'date' : index === 2 ? 'decimal' : 'text' }));
    const wide = Array.from({ length: 30 }, (_, index) => `v${index + 1}`);
    const buffer = await write(columns, [
      ['<Société> & "Fils"\u0001\ttab', new Date('2025-02-28T00:00:00Z'), 1234.5, ...wide.slice(3)],
      [null, null, null, ...wide.slice(3)],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Feuille & co')!;
    expect(sheet.getRow(1).getCell(30).value).toBe('Colonne 30');
    expect(sheet.getRow(2).getCell(1).value).toBe('<Société> & "Fils"\ttab');
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Date);
    expect((sheet.getRow(2).getCell(2).value as Date).toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(sheet.getRow(2).getCell(3).value).toBe(1234.5);
    expect(sheet.getRow(2).getCell(30).value).toBe('v30');
    expect(sheet.getRow(3).getCell(1).value).toBeNull();
    expect(sheet.getRow(3).getCell(28).value).toBe('v28');
    expect(sheet.rowCount).toBe(3);
  });
});
