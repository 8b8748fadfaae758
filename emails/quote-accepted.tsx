import { Heading, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the confirmation to the quote's assignee that the quote was accepted. */
export interface QuoteAcceptedProps {
  readonly firm: EmailFirm;
  readonly recipientFirstName: string;
  readonly quoteNumber: string;
  readonly accountName: string;
  readonly signer: string;
  /** When it was signed, in French (Paris time). */
  readonly signedAt: string;
  readonly total: string;
}

/** The subject of this confirmation. */
export function quoteAcceptedSubject({ quoteNumber, accountName }: Pick<QuoteAcceptedProps, 'quoteNumber' | 'accountName'>): string {
  return `Devis ${quoteNumber} accepté par ${accountName}`;
}

/** Seed 002: "L'utilisateur assigné au devis reçoit un email de confirmation de signature". */
export default function QuoteAccepted({
  firm = sampleFirm,
  recipientFirstName = 'François',
  quoteNumber = 'D-2025-00117',
  accountName = 'Boulangerie Hébert SARL',
  signer = 'Élodie Hébert',
  signedAt = '12 mars 2025 à 10:15:00',
  total = '5 616,00 € TTC',
}: Partial<QuoteAcceptedProps>) {
  return (
    <EmailLayout firm={firm} preview={quoteAcceptedSubject({ quoteNumber, accountName })}>
      <Heading as="h1" style={styles.heading}>
        Devis accepté
      </Heading>
      <Text style={styles.text}>Bonjour {recipientFirstName},</Text>
      <Text style={styles.text}>
        Le devis {quoteNumber} ({total}) de {accountName} a été signé par {signer} le {signedAt}. Il est désormais au statut « Accepté ».
      </Text>
    </EmailLayout>
  );
}
