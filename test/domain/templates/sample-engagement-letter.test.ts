import { describe, expect, it } from 'vitest';
import { sampleEngagementLetter } from '../../../domain/templates/sample-engagement-letter.ts';
import { TEMPLATE_KINDS, isTemplateKind, sampleScope, templateKindDefinitions } from '../../../domain/templates/template-kinds.ts';

describe('the sample engagement letter', () => {
  it('states the firm identity décret 2012-432 requires, the parties and a fee table in euros', async () => {
    const letter = await sampleEngagementLetter();

    expect(letter.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    for (const text of [
      'SAS au capital de 50 000 €',
      '12 rue de la République, 69002 Lyon',
      'RCS Lyon 552 100 554',
      'Inscrite au tableau de l&#39;Ordre des experts-comptables',
      'TVA intracommunautaire : FR 40 552 100 554',
      'Boulangerie Hébert SARL',
      '<td>Tenue de la comptabilité</td><td>Mensuelle</td><td class="amount">250,00 €</td><td class="amount">3 000,00 €</td>',
      'Total annuel TTC',
    ]) {
      expect(letter.html).toContain(text);
    }
    expect(letter.footerHtml).toContain('<span class="pageNumber"></span>');
  });

  it('has no external resource to fetch', async () => {
    const { html } = await sampleEngagementLetter();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!data:)/);
  });

  it('embeds the given @font-face rules', async () => {
    const { html } = await sampleEngagementLetter({ fontFaceCss: '@font-face { font-family: "Document Sans"; src: url(data:font/ttf;base64,AAAA); }' });
    expect(html).toContain('url(data:font/ttf;base64,AAAA)');
  });
});

describe('template kinds', () => {
  it('declares every kind once, with unique variables and sample data for each', () => {
    const definitions = templateKindDefinitions();
    expect(definitions.map((definition) => definition.kind)).toEqual([...TEMPLATE_KINDS]);
    for (const definition of definitions) {
      const paths = definition.variables.map((variable) => variable.path);
      expect(new Set(paths).size, definition.kind).toBe(paths.length);
      for (const link of definition.requiredLinks) expect(paths, definition.kind).toContain(link);
    }
    expect(isTemplateKind('email.quote-sent.body')).toBe(true);
    expect(isTemplateKind('email.__proto__')).toBe(false);
  });

  it('builds the nested sample scope from the dotted paths', () => {
    expect(sampleScope('email.quote-sent.body')).toMatchObject({ quote: { url: 'https://app.echeance.fr/devis/7f3c9a21' }, contact: { civility: 'Madame' } });
  });
});
