/** What a prospect needs before it can become a client. */
export type ConversionRequirement = 'contact' | 'file' | 'letterTemplate' | 'offer';

const explanations: Record<ConversionRequirement, string> = {
  contact: 'add a contact to the prospect',
  file: 'create a file (dossier) for a service',
  letterTemplate: 'choose the engagement-letter template (contrat type) of the file',
  offer: 'enter the offer amount of the file',
};

/**
 * Lists what is missing for a conversion: the prospect needs a contact, a file, and on that
 * file a chosen engagement-letter template with an offer (an amount). Empty when convertible.
 */
export function missingForConversion(state: {
  contactCount: number;
  file: { letterTemplateKey: string | null; offerAmountCents: number | null } | null;
}): ConversionRequirement[] {
  const missing: ConversionRequirement[] = [];
  if (state.contactCount === 0) missing.push('contact');
  if (!state.file) missing.push('file');
  if (!state.file?.letterTemplateKey) missing.push('letterTemplate');
  if (state.file?.offerAmountCents === null || state.file?.offerAmountCents === undefined) missing.push('offer');
  return missing;
}

/** One sentence saying what to do, for the problem's detail. */
export function explainMissing(missing: ConversionRequirement[]): string {
  return `The prospect cannot become a client yet: ${missing.map((item) => explanations[item]).join('; ')}.`;
}
