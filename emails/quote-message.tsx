import { Button, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';
import { FirmText } from './components/firm-text.tsx';

/** Props of the quote email (first send or reminder): the firm's text, and the online quote's link. */
export interface QuoteMessageProps {
  readonly firm: EmailFirm;
  /** The body rendered by Liquid from `email.quote-sent.body` or `email.quote-reminder.body`. */
  readonly body: string;
  readonly url: string;
  /** The client can sign online (the firm enabled e-signature and asked for it). */
  readonly signatureRequested: boolean;
}

/**
 * The quote email, sent and reminded with the firm's own texts (seed 002): the body the firm
 * wrote (which must print `{{ quote.url }}`), then the "Accéder au document" button, always.
 * Default props are the default quote email with sample data.
 */
export default function QuoteMessage({
  firm = sampleFirm,
  body = `Bonjour Madame Hébert,

Suite à notre échange, vous trouverez ci-dessous votre devis n° D-2025-00117 d’un montant de 5 616,00 € TTC, valable jusqu’au 31 mars 2025.

Vous pouvez le consulter, le télécharger et l’accepter en ligne :
https://app.echeance.fr/devis/7f3c9a21

Bien cordialement,
François Lefèvre`,
  url = 'https://app.echeance.fr/devis/7f3c9a21',
  signatureRequested = true,
}: Partial<QuoteMessageProps>) {
  const firstLine = body.split('\n').find((line) => line.trim() !== '') ?? '';
  return (
    <EmailLayout firm={firm} preview={firstLine}>
      <FirmText text={body} />
      <Section>
        <Button href={url} style={styles.button}>
          Accéder au document
        </Button>
      </Section>
      {signatureRequested ? <Text>Vous pouvez signer le devis en ligne depuis cette page.</Text> : null}
    </EmailLayout>
  );
}
