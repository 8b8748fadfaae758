import { describe, expect, it } from 'vitest';
import { AppError } from '../../../domain/errors.ts';
import { DEFAULT_TEMPLATES } from '../../../domain/templates/default-templates.ts';
import { renderTemplate, renderTemplatePreview } from '../../../domain/templates/render-template.ts';
import { sampleScope } from '../../../domain/templates/template-kinds.ts';

describe('renderTemplate', () => {
  it('renders the default quote email with the quote link on its own line', async () => {
    const scope = sampleScope('email.quote-sent.body');

    const text = await renderTemplate('email.quote-sent.body', DEFAULT_TEMPLATES['email.quote-sent.body'], scope);

    expect(text).toMatch(/^Bonjour Madame Hébert,/);
    expect(text).toContain('d’un montant de 5 616,00 € TTC');
    expect(text).toContain('\nhttps://app.echeance.fr/devis/7f3c9a21\n');
  });

  it('renders a subject on one line, so no data can add an email header', async () => {
    const scope = { ...sampleScope('email.quote-sent.subject'), quote: { number: 'D-1\r\nBcc: victim@example.com', url: 'x' } };

    const subject = await renderTemplate('email.quote-sent.subject', 'Votre devis\n{{ quote.number }}', scope);

    expect(subject).toBe('Votre devis D-1 Bcc: victim@example.com');
  });

  it('refuses to send a body whose link is empty in the real data', async () => {
    const scope = { ...sampleScope('email.information-request.body'), request: { title: 'TVA', message: '', due_date: '20 mars', url: '' } };

    const failure = await renderTemplate('email.information-request.body', DEFAULT_TEMPLATES['email.information-request.body'], scope).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'precondition_failed', details: { problems: [{ code: 'missing_required_link', variable: 'request.url' }] } });
  });

  it('fails with precondition_failed when the data lacks a variable the text uses', async () => {
    await expect(renderTemplate('letter.title', 'Lettre {{ client.name }}', { client: {} })).rejects.toMatchObject({
      code: 'precondition_failed',
      details: { problems: [{ code: 'unknown_variable', variable: 'client.name' }] },
    });
  });

  it('formats dates in French, in Paris time', async () => {
    const text = await renderTemplate('letter.title', '{{ "2025-03-31T23:30:00Z" | date: "%d %B %Y" }}', {});
    expect(text).toBe('01 avril 2025');
  });
});

describe('renderTemplatePreview', () => {
  it('renders any kind with its French sample data', async () => {
    const outcome = await renderTemplatePreview('email.mission-letter.subject', DEFAULT_TEMPLATES['email.mission-letter.subject']);
    expect(outcome).toEqual({ ok: true, text: 'Votre lettre de mission LM-2025-0042 à signer — Cabinet Lefèvre & Associés' });
  });

  it('returns the problems of a broken text instead of throwing', async () => {
    const outcome = await renderTemplatePreview('email.quote-sent.body', '{{ quote.url }} {{ nope }}');
    expect(outcome).toMatchObject({ ok: false, problems: [{ code: 'unknown_variable', variable: 'nope' }] });
  });
});
