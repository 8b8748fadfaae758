import { Button, Heading, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** What the client did with the quote, as the assignee is told. */
export type QuoteActivityKind = 'viewed' | 'downloaded' | 'accepted' | 'declined' | 'feedback';

/** Props of a notice to the quote's assignee: the client viewed, downloaded, signed or declined it, or wrote. */
export interface QuoteActivityProps {
  readonly firm: EmailFirm;
  readonly recipientFirstName: string;
  readonly kind: QuoteActivityKind;
  readonly quoteNumber: string;
  readonly accountName: string;
  /** When it happened, in French (Paris time). */
  readonly at: string;
  /** The decline reason, or the client's message. */
  readonly message?: string | undefined;
  /** Who wrote (feedback), as they typed it. */
  readonly author?: string | undefined;
  /** The quote in the back office. */
  readonly quoteUrl: string;
}

const verbs: Record<QuoteActivityKind, string> = {
  viewed: 'consulté en ligne',
  downloaded: 'téléchargé (PDF)',
  accepted: 'signé',
  declined: 'refusé',
  feedback: 'commenté',
};

/** One French line for the notice (the SMS body, the email's first sentence). */
export function quoteActivitySentence({ kind, quoteNumber, accountName, at }: Pick<QuoteActivityProps, 'kind' | 'quoteNumber' | 'accountName' | 'at'>): string {
  return `Le devis ${quoteNumber} a été ${verbs[kind]} par ${accountName} le ${at}.`;
}

/** The subject of the notice. */
export function quoteActivitySubject({ kind, quoteNumber, accountName }: Pick<QuoteActivityProps, 'kind' | 'quoteNumber' | 'accountName'>): string {
  return kind === 'feedback' ? `Message de ${accountName} sur le devis ${quoteNumber}` : `Devis ${quoteNumber} ${verbs[kind]} par ${accountName}`;
}

/** Seed 002's notifications ("devis consulté, téléchargé, signé, refusé") and the online page's feedback form. */
export default function QuoteActivity({
  firm = sampleFirm,
  recipientFirstName = 'François',
  kind = 'feedback',
  quoteNumber = 'D-2025-00117',
  accountName = 'Boulangerie Hébert SARL',
  at = '12 mars 2025 à 10:15:00',
  message = 'Pouvez-vous détailler la ligne « Bilan » ?',
  author = 'Élodie Hébert',
  quoteUrl = 'https://echeance.example/quotes/00000000-0000-0000-0000-000000000000',
}: Partial<QuoteActivityProps>) {
  return (
    <EmailLayout firm={firm} preview={quoteActivitySubject({ kind, quoteNumber, accountName })}>
      <Heading as="h1" style={styles.heading}>
        {kind === 'feedback' ? 'Message sur un devis' : `Devis ${verbs[kind]}`}
      </Heading>
      <Text style={styles.text}>Bonjour {recipientFirstName},</Text>
      <Text style={styles.text}>{quoteActivitySentence({ kind, quoteNumber, accountName, at })}</Text>
      {kind === 'feedback' && author ? <Text style={styles.text}>Message de {author} :</Text> : null}
      {kind === 'declined' && message ? <Text style={styles.text}>Motif du refus :</Text> : null}
      {message && (kind === 'feedback' || kind === 'declined') ? <Text style={styles.text}>« {message} »</Text> : null}
      <Button href={quoteUrl} style={styles.button}>
        Ouvrir le devis
      </Button>
    </EmailLayout>
  );
}
