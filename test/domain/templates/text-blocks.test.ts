import { describe, expect, it } from 'vitest';
import { parseTextBlocks, textToHtml } from '../../../domain/templates/text-blocks.ts';

describe('firm text blocks', () => {
  it('turns blank lines into paragraphs, dashes into lists and addresses into links', () => {
    const html = textToHtml('Bonjour,\nvoici le devis :\n\n- tenue ;\n• bilan.\n\nLien : https://app.echeance.fr/devis/1.');

    expect(html).toBe(
      '<p>Bonjour,<br>voici le devis :</p>\n<ul><li>tenue ;</li><li>bilan.</li></ul>\n' +
        '<p>Lien : <a href="https://app.echeance.fr/devis/1">https://app.echeance.fr/devis/1</a>.</p>',
    );
  });

  it('escapes markup, so a firm cannot inject HTML into a letter', () => {
    expect(textToHtml('<script>alert(1)</script> & "x"')).toBe('<p>&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;x&#34;</p>');
    expect(textToHtml('https://x.fr/"><img src=x>')).toBe('<p><a href="https://x.fr/">https://x.fr/</a>&#34;&#62;&#60;img src=x&#62;</p>');
  });

  it('keeps a list and the paragraph after it apart without a blank line', () => {
    expect(parseTextBlocks('- a\n- b\nSuite')).toMatchObject([{ kind: 'list' }, { kind: 'paragraph' }]);
  });
});
