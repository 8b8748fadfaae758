import { AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { LetterParagraph } from '../../db/schema/index.ts';
import { parseTextBlocks, type TextSpan } from '../templates/text-blocks.ts';
import { PARAGRAPH_HEADINGS } from './letter-model-kinds.ts';
import type { CustomFieldLine, LetterScope, RenderedLetter } from './render-letter.ts';

const FONT = 'Arial';

function runs(spans: readonly TextSpan[]): TextRun[] {
  return spans.map((span) => new TextRun({ text: span.kind === 'text' ? span.text : span.url, font: FONT, size: 21 }));
}

function blocks(text: string): Paragraph[] {
  return parseTextBlocks(text).flatMap((block) =>
    block.kind === 'paragraph'
      ? [new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 120 }, children: block.lines.flatMap((line, index) => [...(index > 0 ? [new TextRun({ break: 1 })] : []), ...runs(line)]) })]
      : block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) })),
  );
}

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: FONT, size: 20 })] })] });

/**
 * The editable letter of seed 003 (« Lettre de mission éditable »): the same rendered letter as
 * the PDF, as a Word document a firm can retouch before printing — letterhead, paragraphs under
 * their headings, custom fields, fee table and signature blocks. Built with the `docx` package.
 */
export async function renderLetterDocx(letter: RenderedLetter, scope: LetterScope, options: { signable: boolean; customFields?: readonly CustomFieldLine[] }): Promise<Uint8Array> {
  const { firm, client, contact, mission } = scope;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: firm.name, bold: true, size: 26, font: FONT })] }),
    new Paragraph({ children: [new TextRun({ text: firm.address, font: FONT, size: 20 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 240 }, children: [new TextRun({ text: client.name, bold: true, font: FONT })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `À l’attention de ${contact.civility} ${contact.full_name}`.trim(), font: FONT })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 240 }, children: [new TextRun({ text: client.address, font: FONT })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: letter.title, font: FONT })] }),
  ];
  if (letter.paragraphs.subtitle !== '') children.push(new Paragraph({ children: [new TextRun({ text: letter.paragraphs.subtitle, font: FONT, size: 24 })] }));
  for (const paragraph of Object.keys(PARAGRAPH_HEADINGS) as (keyof typeof PARAGRAPH_HEADINGS)[]) {
    const text = letter.paragraphs[paragraph as LetterParagraph];
    if (text === '') continue;
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: PARAGRAPH_HEADINGS[paragraph], font: FONT })] }), ...blocks(text));
  }
  if (options.customFields && options.customFields.length > 0) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: 'Informations complémentaires', font: FONT })] }));
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: options.customFields.map((f) => new TableRow({ children: [cell(f.label, true), cell(f.value)] })) }));
  }
  if (options.signable) {
    if (mission.services.length > 0) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun({ text: 'Honoraires', font: FONT })] }));
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: ['Prestation', 'Fréquence', 'Honoraires HT', 'Montant annuel HT'].map((h) => cell(h, true)) }),
            ...mission.services.map((s) => new TableRow({ children: [cell(s.label), cell(s.frequency), cell(s.fees), cell(s.annual)] })),
            new TableRow({ children: [cell('Total annuel HT', true), cell(''), cell(''), cell(mission.annual_fees, true)] }),
          ],
        }),
      );
    }
    children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: `Fait en deux exemplaires, le ${scope.today}.`, font: FONT })] }));
    const box = (lines: string[]) =>
      new TableCell({
        width: { size: 50, type: WidthType.PERCENTAGE },
        borders: { top: { style: BorderStyle.SINGLE, size: 4, color: 'C9D3DF' }, bottom: { style: BorderStyle.SINGLE, size: 4, color: 'C9D3DF' }, left: { style: BorderStyle.SINGLE, size: 4, color: 'C9D3DF' }, right: { style: BorderStyle.SINGLE, size: 4, color: 'C9D3DF' } },
        children: [...lines.map((text) => new Paragraph({ children: [new TextRun({ text, font: FONT, size: 20 })] })), new Paragraph({ spacing: { after: 1200 }, children: [] })],
      });
    children.push(
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: [
          new TableRow({
            children: [
              box([`Pour ${client.name}`, contact.full_name, 'Mention « Bon pour accord », date et signature']),
              box([`Pour ${firm.name}`, `${scope.firm_representative.full_name}, ${scope.firm_representative.title}`]),
            ],
          }),
        ],
      }),
    );
  }
  const document = new Document({
    creator: firm.name,
    title: `${letter.title} — ${client.name}`,
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ text: `${firm.name} — ${firm.rcs} — TVA ${firm.vat_number}`, size: 16, font: FONT })] })] }) },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
