import { renderEngagementLetter, type EngagementLetterDocument, type EngagementLetterScope } from './render-engagement-letter.ts';
import { sampleScope } from './template-kinds.ts';

/**
 * The engagement letter of the sample firm (Cabinet Lefèvre & Associés) for the sample client,
 * from the default paragraphs and the letter kinds' sample data: French text with accents, €
 * amounts, a fee table and the firm's identity (legal form, address, RCS, Ordre, VAT number).
 * Used by the template preview, the PDF tests and `npm run bench:pdf`.
 */
export function sampleEngagementLetter(options: { fontFaceCss?: string } = {}): Promise<EngagementLetterDocument> {
  // The letter kinds declare exactly the fields of EngagementLetterScope (a test checks it).
  const scope = sampleScope('letter.object') as unknown as EngagementLetterScope;
  return renderEngagementLetter({
    scope,
    signature: { place: 'Lyon', date: '2 décembre 2024', signatory: 'François Lefèvre', signatoryTitle: 'expert-comptable associé' },
    fontFaceCss: options.fontFaceCss,
  });
}
