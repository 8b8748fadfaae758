import { describe, expect, it } from 'vitest';
import { AppError } from '../../../domain/errors.ts';
import { DEFAULT_TEMPLATES } from '../../../domain/templates/default-templates.ts';
import { TEMPLATE_KINDS, templateKind, type TemplateKind } from '../../../domain/templates/template-kinds.ts';
import { assertTemplateValid, validateTemplate } from '../../../domain/templates/validate-template.ts';

const BODIES_WITH_LINKS: [TemplateKind, string][] = [
  ['email.quote-sent.body', 'quote.url'],
  ['email.quote-reminder.body', 'quote.url'],
  ['email.information-request.body', 'request.url'],
  ['email.mission-letter.body', 'signature.url'],
];

describe('validateTemplate', () => {
  it.each(TEMPLATE_KINDS)('accepts the default French text of %s', async (kind) => {
    expect(await validateTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
  });

  it.each(BODIES_WITH_LINKS)('refuses a %s without its {{ %s }} link', async (kind, link) => {
    const withoutLink = DEFAULT_TEMPLATES[kind].replace(`{{ ${link} }}`, 'sur notre site');

    const problems = await validateTemplate(kind, withoutLink);

    expect(problems).toEqual([expect.objectContaining({ code: 'missing_required_link', variable: link })]);
    expect(templateKind(kind).requiredLinks).toEqual([link]);
  });

  it('refuses a link that is referenced but never printed as is', async () => {
    for (const source of [
      '{% if false %}{{ quote.url }}{% endif %}',
      '{% capture hidden %}{{ quote.url }}{% endcapture %}Voir le devis',
      '{{ quote.url | truncate: 20 }}',
      '{{ quote.url | upcase }}',
      '{{ quote.url }}?utm=1',
      '<!-- {{ quote.url }}',
    ]) {
      const problems = await validateTemplate('email.quote-sent.body', source);
      const expected = source.startsWith('<!--') ? [] : [expect.objectContaining({ code: 'missing_required_link', variable: 'quote.url' })];
      expect(problems, source).toEqual(expected);
    }
  });

  it('accepts the link followed by punctuation or a line break', async () => {
    for (const source of ['Voir : {{ quote.url }}.', '({{ quote.url }})', '{{ quote.url }}\nMerci']) {
      expect(await validateTemplate('email.quote-sent.body', source), source).toEqual([]);
    }
  });

  it('refuses a variable the kind does not declare, saying where it is', async () => {
    const problems = await validateTemplate('email.quote-sent.body', 'Bonjour {{ contact.first_name }},\n{{ contact.nickname }} {{ quote.url }}');

    expect(problems).toEqual([
      expect.objectContaining({ code: 'unknown_variable', variable: 'contact.nickname', line: 2, column: 4 }),
    ]);
  });

  it('refuses variables of another kind: a quote email knows nothing of the mission', async () => {
    const problems = await validateTemplate('email.quote-sent.body', '{{ mission.reference }} {{ quote.url }}');
    expect(problems).toMatchObject([{ code: 'unknown_variable', variable: 'mission.reference' }]);
  });

  it('accepts list variables, their items and their properties', async () => {
    const source = `{{ mission.services.size }} prestations, dont {{ mission.services.first.label }} et {{ mission.services[1].fees }}.
{% for service in mission.services %}- {{ service.label }} : {{ service.annual }}
{% endfor %}`;
    expect(await validateTemplate('letter.nature', source)).toEqual([]);
  });

  it('refuses an unknown field of a list item, found by the trial render', async () => {
    const problems = await validateTemplate('letter.nature', '{% for service in mission.services %}{{ service.vat_rate }}{% endfor %}');
    expect(problems).toMatchObject([{ code: 'unknown_variable', variable: 'service.vat_rate' }]);
  });

  it('reports a syntax error with its line and column', async () => {
    const problems = await validateTemplate('letter.object', 'Bonjour,\n\n{% if client.name %}Madame');
    expect(problems).toEqual([expect.objectContaining({ code: 'syntax_error', line: 3, column: 1 })]);
    expect(problems[0]!.message).toMatch(/not closed/);
  });

  it('reports an unclosed output as a syntax error', async () => {
    const problems = await validateTemplate('letter.title', 'Lettre {{ client.name');
    expect(problems).toMatchObject([{ code: 'syntax_error', line: 1, column: 8 }]);
  });
});

describe('assertTemplateValid', () => {
  it('throws an invalid_input AppError carrying the problems', async () => {
    const failure = await assertTemplateValid('email.quote-reminder.body', 'Bonjour').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'invalid_input', details: { kind: 'email.quote-reminder.body', problems: [{ code: 'missing_required_link' }] } });
  });

  it('lets a valid text through', async () => {
    await expect(assertTemplateValid('email.quote-reminder.body', DEFAULT_TEMPLATES['email.quote-reminder.body'])).resolves.toBeUndefined();
  });
});
