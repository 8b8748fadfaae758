import { plainTextSelectors, render } from '@react-email/render';
import { compile } from 'html-to-text';
import type { ReactElement } from 'react';
import type { EmailSender, OutgoingEmail, SentEmail } from '../adapters/email/email-sender.ts';

/** An email's two bodies, ready for `OutgoingEmail`. */
export interface RenderedEmail {
  readonly html: string;
  readonly text: string;
}

/** Headings keep their case in the text version (html-to-text upper-cases them by default). */
const headingSelectors = ['h1', 'h2', 'h3'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * React Email's text rules (`toPlainText`: images skipped, links followed by their address) with
 * our headings, compiled once: `toPlainText` compiles html-to-text's options on every call,
 * which cost three times the conversion itself.
 */
const toPlainText = compile({ wordwrap: false, selectors: [...plainTextSelectors, ...headingSelectors] });

/**
 * Renders a React Email element to HTML, and derives the plain-text alternative from that HTML
 * (React Email's text rules: images skipped, links followed by their address), so both bodies
 * always say the same thing.
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}

/** Renders `element` and sends it with the given envelope: how a use case sends one of its emails. */
export async function sendRenderedEmail(sender: EmailSender, element: ReactElement, envelope: Omit<OutgoingEmail, 'html' | 'text'>): Promise<SentEmail> {
  return sender.send({ ...envelope, ...(await renderEmail(element)) });
}
