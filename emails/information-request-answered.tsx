import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the notice telling a staff member that a client answered an information request. */
export interface InformationRequestAnsweredProps {
  readonly firm: EmailFirm;
  readonly recipientFirstName: string;
  readonly clientName: string;
  readonly contactName: string;
  readonly requestTitle: string;
  /** How many files came with the answer. */
  readonly fileCount: number;
  readonly hasText: boolean;
  /** The request in the back office. */
  readonly requestUrl: string;
}

/** The subject of this notice. */
export function informationRequestAnsweredSubject({ clientName, requestTitle }: Pick<InformationRequestAnsweredProps, 'clientName' | 'requestTitle'>): string {
  return `Réponse du client ${clientName} : ${requestTitle}`;
}

/** To the client file's holder: a client contact answered an information request on the client pages. */
export default function InformationRequestAnswered({
  firm = sampleFirm,
  recipientFirstName = 'Bruno',
  clientName = 'Boulangerie Martin',
  contactName = 'Claire Martin',
  requestTitle = 'Justificatifs de TVA',
  fileCount = 2,
  hasText = true,
  requestUrl = 'https://app.echeance.fr/information-requests/c2b81e04',
}: Partial<InformationRequestAnsweredProps>) {
  const parts = [hasText ? 'un message' : null, fileCount > 0 ? `${fileCount} fichier${fileCount > 1 ? 's' : ''}` : null].filter(Boolean).join(' et ');
  return (
    <EmailLayout firm={firm} preview={`${contactName} a répondu : ${requestTitle}`}>
      <Heading as="h1" style={styles.heading}>
        Un client a répondu
      </Heading>
      <Text style={styles.text}>Bonjour {recipientFirstName},</Text>
      <Text style={styles.text}>
        {contactName} ({clientName}) a répondu à la demande « {requestTitle} »{parts ? ` avec ${parts}` : ''}.
      </Text>
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={requestUrl} style={styles.button}>
          Voir la réponse
        </Button>
      </Section>
    </EmailLayout>
  );
}
