import { accessSync, constants } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdfRenderer, DEFAULT_CHROMIUM_PATH } from '../../adapters/pdf/pdf-renderer.ts';
import { firmTemplates, historyEntries } from '../../db/schema/index.ts';
import { DEFAULT_TEMPLATES } from '../../domain/templates/default-templates.ts';
import { TEMPLATE_KINDS } from '../../domain/templates/template-kinds.ts';
import { apiClient, createTestApp } from '../support/test-app.ts';
import { twoOrganisations } from '../support/two-organisations.ts';

const QUOTE_BODY = 'email.quote-sent.body';
const QUOTE_URL = 'https://app.echeance.fr/devis/7f3c9a21'; // the kind's sample value

function hasChromium(): boolean {
  try {
    accessSync(DEFAULT_CHROMIUM_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
const chromium = hasChromium();
if (!chromium) console.warn(`Skipping the PDF preview test: no Chromium at ${DEFAULT_CHROMIUM_PATH} (apt-get install chromium).`);

const pdfRenderer = createPdfRenderer({ chromiumPath: DEFAULT_CHROMIUM_PATH, poolSize: 1 });
const { database, app, acme, admin, collaborator, stranger } = await twoOrganisations({ app: { pdfRenderer } });
afterAll(async () => pdfRenderer.close());

const counts = async () => {
  const [templates] = await database.db.select({ n: count() }).from(firmTemplates);
  const [history] = await database.db.select({ n: count() }).from(historyEntries).where(eq(historyEntries.entityType, 'firm_template'));
  return { templates: templates!.n, history: history!.n };
};

/** Saves a text with the admin token and expects a refusal; returns the problems. */
async function expectRefused(kind: string, body: string) {
  const before = await counts();
  const response = await admin.put(`/api/v1/templates/${kind}`, { body });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body.errors.every((error: { field: string }) => error.field === 'body')).toBe(true);
  expect(await counts()).toEqual(before);
  return response.body.problems as Array<{ code: string; line?: number; column?: number; variable?: string; message: string }>;
}

describe('listing and reading templates', () => {
  it('lists every kind with its declared variables, required links and the default text', async () => {
    const response = await collaborator.get('/api/v1/templates');
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { kind: string }) => item.kind)).toEqual([...TEMPLATE_KINDS]);
    const quoteBody = response.body.items.find((item: { kind: string }) => item.kind === QUOTE_BODY);
    expect(quoteBody).toMatchObject({ channel: 'email-body', requiredLinks: ['quote.url'], body: DEFAULT_TEMPLATES[QUOTE_BODY], customised: false, updatedAt: null });
    expect(quoteBody.variables).toContainEqual(expect.objectContaining({ path: 'quote.url', sample: QUOTE_URL }));
  });

  it('answers 400 naming the kind for an unknown kind', async () => {
    const response = await admin.get('/api/v1/templates/letter.signature');
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'kind', location: 'path' });
  });
});

describe('saving a template', () => {
  it('saves a valid text, records it in the history, and resets it to the default', async () => {
    const body = 'Bonjour {{ contact.first_name }},\n\nVotre devis {{ quote.number }} est en ligne : {{ quote.url }}\n\n{{ sender.full_name }}';
    const saved = await admin.put(`/api/v1/templates/${QUOTE_BODY}`, { body });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ kind: QUOTE_BODY, body, customised: true, updatedByUserId: acme.admin.id });
    expect((await collaborator.get(`/api/v1/templates/${QUOTE_BODY}`)).body.body).toBe(body);

    const history = await admin.get(`/api/v1/history?entityType=firm_template&entityId=${QUOTE_BODY}`);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(['create']);

    const second = await admin.put(`/api/v1/templates/${QUOTE_BODY}`, { body: `${body}\n` });
    expect(second.status).toBe(200);
    const reset = await admin.delete(`/api/v1/templates/${QUOTE_BODY}`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ body: DEFAULT_TEMPLATES[QUOTE_BODY], customised: false });
    const after = await admin.get(`/api/v1/history?entityType=firm_template&entityId=${QUOTE_BODY}`);
    expect(after.body.items.map((entry: { action: string; field: string | null }) => [entry.action, entry.field])).toEqual([
      ['create', null],
      ['update', 'body'],
      ['delete', null],
    ]);
  });

  it('refuses a quote email without its {{ quote.url }} link and writes nothing (seed 002)', async () => {
    const problems = await expectRefused(QUOTE_BODY, 'Bonjour {{ contact.first_name }}, votre devis {{ quote.number }} vous attend.');
    expect(problems).toEqual([expect.objectContaining({ code: 'missing_required_link', variable: 'quote.url' })]);
  });

  it('refuses the link hidden in a branch that never prints it', async () => {
    const problems = await expectRefused(QUOTE_BODY, 'Bonjour,{% if false %} {{ quote.url }}{% endif %}');
    expect(problems.map((problem) => problem.code)).toEqual(['missing_required_link']);
  });

  it('refuses an unknown variable, giving its line and column', async () => {
    const problems = await expectRefused(QUOTE_BODY, `Bonjour,\n\nVotre remise : {{ quote.discount }}\n{{ quote.url }}`);
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown_variable', variable: 'quote.discount', line: 3, column: 19 })]);
  });

  it('refuses {{ constructor }}', async () => {
    const problems = await expectRefused(QUOTE_BODY, '{{ constructor }} {{ quote.url }}');
    expect(problems).toEqual([expect.objectContaining({ code: 'unknown_variable', variable: 'constructor' })]);
  });

  it('refuses a syntax error with its position', async () => {
    const problems = await expectRefused('letter.objectives', 'Objectifs :\n{% for service in mission.services %}- {{ service.label }}');
    expect(problems).toEqual([expect.objectContaining({ code: 'syntax_error', line: 2 })]);
  });

  it('refuses a tag that would load another template', async () => {
    const problems = await expectRefused('letter.nature', "{% include 'letter.legal-mentions' %}");
    expect(problems.map((problem) => problem.code)).toEqual(['forbidden_tag']);
  });

  it('answers 400 naming the body field when it is missing, and writes nothing', async () => {
    const before = await counts();
    const response = await admin.put(`/api/v1/templates/${QUOTE_BODY}`, { text: 'Bonjour' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'body', location: 'body' })]);
    expect(await counts()).toEqual(before);
  });

  it('reserves saving and resetting to administrators', async () => {
    const before = await counts();
    expect((await collaborator.put(`/api/v1/templates/${QUOTE_BODY}`, { body: 'Lien : {{ quote.url }}' })).status).toBe(403);
    expect((await collaborator.delete(`/api/v1/templates/${QUOTE_BODY}`)).status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('keeps each organisation’s texts to itself', async () => {
    const body = 'Lettre de mission du cabinet Acme';
    expect((await admin.put('/api/v1/templates/letter.title', { body })).status).toBe(200);
    const theirs = await stranger.get('/api/v1/templates/letter.title');
    expect(theirs.body).toMatchObject({ body: DEFAULT_TEMPLATES['letter.title'], customised: false });
    const theirList = await stranger.get('/api/v1/templates');
    expect(theirList.body.items.every((item: { customised: boolean }) => !item.customised)).toBe(true);
    const preview = await stranger.post('/api/v1/templates/letter.title/preview');
    expect(preview.text).not.toContain(body);
    // Resetting their own kind leaves ours alone.
    expect((await stranger.delete('/api/v1/templates/letter.title')).status).toBe(200);
    expect((await admin.get('/api/v1/templates/letter.title')).body.body).toBe(body);
  });
});

describe('previewing a template', () => {
  it('shows a letter paragraph inside the whole engagement letter, with the sample data and the saved paragraphs', async () => {
    await admin.put('/api/v1/templates/letter.subtitle', { body: 'Mission comptable — {{ client.name }} ({{ client.siren }})' });
    const response = await collaborator.post('/api/v1/templates/letter.objectives/preview');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('Mission comptable — Boulangerie Hébert SARL (732 829 320)');
    expect(response.text).toContain('Cabinet Lefèvre &#38; Associés');
    expect(response.text).toContain('Total annuel TTC');
  });

  it('previews a draft without saving it', async () => {
    const before = await counts();
    const response = await admin.post('/api/v1/templates/letter.objectives/preview', { body: 'Objectif brouillon pour {{ client.name }}' });
    expect(response.status).toBe(200);
    expect(response.text).toContain('Objectif brouillon pour Boulangerie Hébert SARL');
    expect(await counts()).toEqual(before);
    expect((await admin.get('/api/v1/templates/letter.objectives')).body.customised).toBe(false);
  });

  it('shows an email body inside the whole message, link included', async () => {
    const response = await admin.post(`/api/v1/templates/${QUOTE_BODY}/preview?format=html`);
    expect(response.status).toBe(200);
    expect(response.text).toContain(`href="${QUOTE_URL}"`);
    expect(response.text).toContain('Message envoyé par Échéance pour le compte de');
    expect(response.text).toContain('Votre devis D-2025-0117');
  });

  it('refuses an invalid draft with its problems', async () => {
    const response = await admin.post(`/api/v1/templates/${QUOTE_BODY}/preview`, { body: 'Sans lien' });
    expect(response.status).toBe(400);
    expect(response.body.problems).toEqual([expect.objectContaining({ code: 'missing_required_link' })]);
  });

  it('answers 400 naming the format for an unknown format', async () => {
    const response = await admin.post(`/api/v1/templates/${QUOTE_BODY}/preview?format=docx`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'format', location: 'query' });
  });

  it('answers 503 for a PDF when no renderer is configured', async () => {
    const bare = apiClient(createTestApp(database), acme.adminToken);
    const response = await bare.post('/api/v1/templates/letter.title/preview?format=pdf');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.skipIf(!chromium)('prints the engagement letter preview as a PDF', async () => {
    const response = await app.request('/api/v1/templates/letter.title/preview?format=pdf', {
      method: 'POST',
      headers: { Authorization: `Bearer ${acme.adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  });
});
