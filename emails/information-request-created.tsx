import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';
import { FirmText } from './components/firm-text.tsx';

/** Props of the email telling a client contact that the firm needs something from them. */
export interface InformationRequestCreatedProps {
  readonly firm: EmailFirm;
  readonly contactFirstName: string;
  readonly request: {
    readonly title: string;
    readonly message: string;
    /** Formatted in French: `20 mars 2025`. */
    readonly dueDate: string;
    /** The client page where the contact answers with files or text. */
    readonly url: string;
  };
  /**
   * The firm's own wording (template kind `email.information-request.body`, rendered by Liquid);
   * it replaces the built-in greeting and introduction. The request card and button stay.
   */
  readonly body?: string;
}

/** The built-in subject of this email; a firm's `email.information-request.subject` replaces it. */
export function informationRequestCreatedSubject({ request }: Pick<InformationRequestCreatedProps, 'request'>): string {
  return `Nouvelle demande d’information : ${request.title}`;
}

/**
 * To a client contact: "Nouvelle demande d'information" — what the firm needs, by when, and the
 * link to answer. Sent when an occurrence of a service creates an information request.
 */
export default function InformationRequestCreated({
  firm = sampleFirm,
  contactFirstName = 'Élodie',
  request = {
    title: 'Pièces de TVA de février',
    message: 'Merci de déposer vos factures d’achat et de vente ainsi que vos relevés bancaires.',
    dueDate: '20 mars 2025',
    url: 'https://app.echeance.fr/demandes/c2b81e04',
  },
  body,
}: Partial<InformationRequestCreatedProps>) {
  return (
    <EmailLayout firm={firm} preview={`${request.title} — à fournir avant le ${request.dueDate}`}>
      <Heading as="h1" style={styles.heading}>
        Nouvelle demande d’information
      </Heading>
      {body ? (
        <FirmText text={body} />
      ) : (
        <>
          <Text style={styles.text}>Bonjour {contactFirstName},</Text>
          <Text style={styles.text}>{firm.name} a besoin d’informations de votre part.</Text>
        </>
      )}
      <Section style={styles.card}>
        <Text style={{ ...styles.cardText, fontWeight: 'bold' }}>{request.title}</Text>
        {request.message ? <Text style={styles.cardText}>{request.message}</Text> : null}
        <Text style={styles.cardText}>À fournir avant le {request.dueDate}.</Text>
      </Section>
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={request.url} style={styles.button}>
          Répondre à la demande
        </Button>
      </Section>
      <Text style={styles.muted}>
        Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :{' '}
        <Link href={request.url} style={styles.link}>
          {request.url}
        </Link>
      </Text>
    </EmailLayout>
  );
}
