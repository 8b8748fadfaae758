import { EmailLayout, sampleFirm, type EmailFirm } from './components/layout.tsx';
import { FirmText } from './components/firm-text.tsx';

/** Props of an email whose text a firm wrote (quote sent, quote reminder, …). */
export interface TemplatedMessageProps {
  readonly firm: EmailFirm;
  /** The body rendered by Liquid (`renderTemplate('email.quote-sent.body', …)`): plain text. */
  readonly body: string;
  /** Preview line; defaults to the body's first line. */
  readonly preview?: string;
}

/**
 * Sends a firm-edited message: the subject and body come from the organisation's Liquid
 * templates (validated when saved, required links included), and this only frames the body in
 * the shared layout. Default props are the default quote email rendered with sample data.
 */
export default function TemplatedMessage({
  firm = sampleFirm,
  body = `Bonjour Madame Hébert,

Suite à notre échange, vous trouverez ci-dessous votre devis n° D-2025-0117 d’un montant de 5 616,00 € TTC, valable jusqu’au 31 mars 2025.

Vous pouvez le consulter, le télécharger et l’accepter en ligne :
https://app.echeance.fr/devis/7f3c9a21

Bien cordialement,
François Lefèvre
Expert-comptable associé — Cabinet Lefèvre & Associés`,
  preview,
}: Partial<TemplatedMessageProps>) {
  const firstLine = body.split('\n').find((line) => line.trim() !== '') ?? '';
  return (
    <EmailLayout firm={firm} preview={preview ?? firstLine}>
      <FirmText text={body} />
    </EmailLayout>
  );
}
