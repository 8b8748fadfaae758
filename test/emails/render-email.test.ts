import { readdirSync } from 'node:fs';
import { render, toPlainText } from '@react-email/render';
import { createElement, type ComponentType } from 'react';
import { describe, expect, it } from 'vitest';
import FollowUpReminder, { followUpReminderSubject } from '../../emails/follow-up-reminder.tsx';
import InformationRequestCreated, { informationRequestCreatedSubject } from '../../emails/information-request-created.tsx';
import MissionLetterForSignature, { missionLetterForSignatureSubject } from '../../emails/mission-letter-for-signature.tsx';
import MissionOverdue, { missionOverdueSubject } from '../../emails/mission-overdue.tsx';
import { renderEmail } from '../../emails/render-email.ts';
import TemplatedMessage from '../../emails/templated-message.tsx';
import { DEFAULT_TEMPLATES } from '../../domain/templates/default-templates.ts';
import { renderTemplate } from '../../domain/templates/render-template.ts';
import { sampleScope } from '../../domain/templates/template-kinds.ts';
import { sampleFirm } from '../../emails/components/layout.tsx';

const headingSelectors = ['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } }));
const emailModules = readdirSync(new URL('../../emails/', import.meta.url))
  .filter((file) => file.endsWith('.tsx'))
  .map((file) => file.slice(0, -'.tsx'.length));

describe('React emails', () => {
  it.each([
    ['information-request-created', InformationRequestCreated, ['Nouvelle demande d’information', 'Pièces de TVA de février', 'À fournir avant le 20 mars 2025'], 'https://app.echeance.fr/demandes/c2b81e04'],
    ['mission-letter-for-signature', MissionLetterForSignature, ['Votre lettre de mission', '4 680,00 € HT', 'Consulter et signer'], 'https://app.echeance.fr/signature/5d0e77aa'],
    ['mission-overdue', MissionOverdue, ['n’est toujours pas signée après', '15', 'jours'], 'https://app.echeance.fr/missions/LM-2025-0042'],
    ['follow-up-reminder', FollowUpReminder, ['Action de suivi en retard', '« Relance »', 'Garage Martin SAS'], 'https://app.echeance.fr/prospects/garage-martin'],
    ['templated-message', TemplatedMessage, ['Bonjour Madame Hébert,', '5 616,00 € TTC'], 'https://app.echeance.fr/devis/7f3c9a21'],
  ] as const)('renders %s from its default props, in French, as HTML and text with the link', async (_name, component, phrases, url) => {
    const { html, text } = await renderEmail(createElement(component));

    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toContain('lang="fr"');
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('Cabinet Lefèvre &amp; Associés');
    for (const phrase of phrases) {
      expect(html.replace(/<!-- -->/g, '')).toContain(phrase.replace(/&/g, '&amp;'));
      expect(text).toContain(phrase);
    }
    expect(text).toContain(url);
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('frames a firm-edited body without letting it add markup', async () => {
    const { html } = await renderEmail(
      createElement(TemplatedMessage, { firm: sampleFirm, body: 'Bonjour <b>vous</b>,\n\n<script>alert(1)</script>\nhttps://app.echeance.fr/devis/1' }),
    );

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('href="https://app.echeance.fr/devis/1"');
  });

  it('sends the firm’s Liquid-rendered text through the templated message', async () => {
    const body = await renderTemplate('email.quote-reminder.body', DEFAULT_TEMPLATES['email.quote-reminder.body'], sampleScope('email.quote-reminder.body'));

    const { html, text } = await renderEmail(createElement(TemplatedMessage, { firm: sampleFirm, body }));

    expect(html).toContain('href="https://app.echeance.fr/devis/7f3c9a21"');
    expect(text).toContain('Je me permets de revenir vers vous');
  });

  it('puts a firm’s own wording in the information request email and keeps the button', async () => {
    const { html } = await renderEmail(createElement(InformationRequestCreated, { body: 'Chère cliente,\n\nMerci de nous transmettre vos pièces : https://app.echeance.fr/demandes/c2b81e04' }));

    expect(html).toContain('Chère cliente,');
    expect(html).not.toContain('Bonjour Élodie');
    expect(html).toContain('Répondre à la demande');
  });

  it('gives each built-in message a French subject', () => {
    expect(informationRequestCreatedSubject({ request: { title: 'Pièces de TVA', message: '', dueDate: '', url: '' } })).toBe(
      'Nouvelle demande d’information : Pièces de TVA',
    );
    expect(missionLetterForSignatureSubject({ firm: sampleFirm, mission: { reference: 'LM-1', startDate: '', annualFees: '' } })).toBe(
      'Votre lettre de mission LM-1 à signer — Cabinet Lefèvre & Associés',
    );
    expect(missionOverdueSubject({ clientName: 'Hébert', missionReference: 'LM-1', daysWaiting: 15 })).toBe(
      'Lettre de mission non signée depuis 15 jours : Hébert (LM-1)',
    );
    expect(followUpReminderSubject({ actionType: 'Relance', prospectName: 'Garage Martin' })).toBe('Action à faire en retard : Relance — Garage Martin');
  });

  it.each(emailModules)('renders %s as React Email does, its text by the converter compiled once', async (name) => {
    const { default: component } = (await import(`../../emails/${name}.tsx`)) as { default: ComponentType };
    const element = createElement(component);
    const expected = await render(element);

    expect(await renderEmail(element)).toEqual({ html: expected, text: toPlainText(expected, { selectors: headingSelectors }) });
  });

});
