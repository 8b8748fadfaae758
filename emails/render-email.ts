import { plainTextSelectors } from '@react-email/render';
import { compile } from 'html-to-text';
import { createElement, Suspense, type ReactElement } from 'react';
import { renderToReadableStream } from 'react-dom/server';
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

/** The doctype React Email puts in front of every email, in place of React's `<!DOCTYPE html>`. */
const XHTML_DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * The HTML of `@react-email/render`'s `render(element)`, byte for byte (test/emails checks it on
 * every email): React's stream renderer inside a Suspense boundary, the image preload hints React
 * adds for `<img>` removed (mail clients ignore them), React Email's doctype. Done here because
 * `render` imports `react-dom/server` dynamically on each call, which under the `tsx` loader
 * crosses to the loader's thread and back: a third of the render's CPU.
 */
async function renderHtml(element: ReactElement): Promise<string> {
  const stream = await renderToReadableStream(createElement(Suspense, null, element), { progressiveChunkSize: Number.POSITIVE_INFINITY });
  await stream.allReady;
  const html = (await new Response(stream).text()).replace(/<link rel="preload" as="image"[^>]*>/g, '');
  return `${XHTML_DOCTYPE}${html.replace(/<!DOCTYPE.*?>/, '')}`;
}

/**
 * Renders a React Email element to HTML, and derives the plain-text alternative from that HTML
 * (React Email's text rules: images skipped, links followed by their address), so both bodies
 * always say the same thing.
 */
export async function renderEmail(element: ReactElement): Promise<RenderedEmail> {
  const html = await renderHtml(element);
  return { html, text: toPlainText(html) };
}

/** Renders `element` and sends it with the given envelope: how a use case sends one of its emails. */
export async function sendRenderedEmail(sender: EmailSender, element: ReactElement, envelope: Omit<OutgoingEmail, 'html' | 'text'>): Promise<SentEmail> {
  return sender.send({ ...envelope, ...(await renderEmail(element)) });
}
