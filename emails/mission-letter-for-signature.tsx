import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';
import { FirmText } from './components/firm-text.tsx';

/** Props of the email asking a client to sign their engagement letter. */
export interface MissionLetterForSignatureProps {
  readonly firm: EmailFirm;
  /** `Madame Hébert`. */
  readonly contactName: string;
  readonly mission: { readonly reference: string; readonly startDate: string; readonly annualFees: string };
  readonly signature: { readonly url: string; readonly deadline: string };
  /** The firm's own wording (`email.mission-letter.body`), replacing the built-in introduction. */
  readonly body?: string;
  /** Manual signature: a link to each document (letter, FIL…), working without a login until the deadline. */
  readonly documents?: readonly { readonly name: string; readonly url: string }[];
}

/** The built-in subject; a firm's `email.mission-letter.subject` replaces it. */
export function missionLetterForSignatureSubject({ firm, mission }: Pick<MissionLetterForSignatureProps, 'firm' | 'mission'>): string {
  return `Votre lettre de mission ${mission.reference} à signer — ${firm.name}`;
}

/** To a client: their engagement letter is ready; the link opens it for reading and signing. */
export default function MissionLetterForSignature({
  firm = sampleFirm,
  contactName = 'Madame Hébert',
  mission = { reference: 'LM-2025-0042', startDate: '1er janvier 2025', annualFees: '4 680,00 € HT' },
  signature = { url: 'https://app.echeance.fr/signature/5d0e77aa', deadline: '15 janvier 2025' },
  body,
  documents,
}: Partial<MissionLetterForSignatureProps>) {
  return (
    <EmailLayout firm={firm} preview={`Lettre de mission ${mission.reference} à signer avant le ${signature.deadline}`}>
      <Heading as="h1" style={styles.heading}>
        Votre lettre de mission
      </Heading>
      {body ? (
        <FirmText text={body} />
      ) : (
        <>
          <Text style={styles.text}>Bonjour {contactName},</Text>
          <Text style={styles.text}>
            Votre lettre de mission précise le contenu de notre intervention, les responsabilités de chacun et nos honoraires. Nous vous
            remercions de la lire attentivement et de la signer.
          </Text>
        </>
      )}
      <Section style={styles.card}>
        <Text style={styles.cardText}>Référence : {mission.reference}</Text>
        <Text style={styles.cardText}>Début de la mission : {mission.startDate}</Text>
        <Text style={styles.cardText}>Honoraires annuels : {mission.annualFees}</Text>
        <Text style={styles.cardText}>À signer avant le {signature.deadline}</Text>
      </Section>
      {documents && documents.length > 0 ? (
        <Section style={styles.card}>
          <Text style={styles.cardText}>Documents à consulter :</Text>
          {documents.map((document) => (
            <Text key={document.url} style={styles.cardText}>
              <Link href={document.url} style={styles.link}>
                {document.name}
              </Link>
            </Text>
          ))}
        </Section>
      ) : null}
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={signature.url} style={styles.button}>
          Consulter et signer
        </Button>
      </Section>
      <Text style={styles.muted}>
        Lien direct :{' '}
        <Link href={signature.url} style={styles.link}>
          {signature.url}
        </Link>
      </Text>
    </EmailLayout>
  );
}
