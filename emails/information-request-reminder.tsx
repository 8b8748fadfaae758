import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the reminder of an open information request: before its due date, or once it is overdue. */
export interface InformationRequestReminderProps {
  readonly firm: EmailFirm;
  readonly contactFirstName: string;
  readonly request: {
    readonly title: string;
    readonly message: string;
    /** Formatted in French: `20 mars 2025`. */
    readonly dueDate: string;
    readonly url: string;
  };
  /** True for the email sent once the due date has passed. */
  readonly overdue: boolean;
  /** Days left before the due date (reminder only). */
  readonly daysLeft?: number;
}

/** The subject of the reminder or the overdue email. */
export function informationRequestReminderSubject({ request, overdue }: Pick<InformationRequestReminderProps, 'request' | 'overdue'>): string {
  return overdue ? `Demande en retard : ${request.title} (attendue le ${request.dueDate})` : `Rappel : ${request.title} — à fournir avant le ${request.dueDate}`;
}

/**
 * To a client contact whose information request is still open: a reminder a few days before its
 * due date (the firm's setting), then one when it is overdue. Never sent once the client answered.
 */
export default function InformationRequestReminder({
  firm = sampleFirm,
  contactFirstName = 'Élodie',
  request = {
    title: 'Pièces de TVA de février',
    message: 'Merci de déposer vos factures d’achat et de vente ainsi que vos relevés bancaires.',
    dueDate: '20 mars 2025',
    url: 'https://app.echeance.fr/portail/demandes/c2b81e04',
  },
  overdue = false,
  daysLeft = 5,
}: Partial<InformationRequestReminderProps>) {
  return (
    <EmailLayout firm={firm} preview={overdue ? `${request.title} — attendue le ${request.dueDate}` : `${request.title} — plus que ${daysLeft} jours`}>
      <Heading as="h1" style={styles.heading}>
        {overdue ? 'Demande d’information en retard' : 'Rappel : demande d’information'}
      </Heading>
      <Text style={styles.text}>Bonjour {contactFirstName},</Text>
      <Text style={styles.text}>
        {overdue
          ? `${firm.name} attendait votre réponse pour le ${request.dueDate} et ne l’a pas encore reçue. Merci d’y répondre dès que possible.`
          : `${firm.name} attend votre réponse avant le ${request.dueDate}, dans ${daysLeft} jour${daysLeft > 1 ? 's' : ''}.`}
      </Text>
      <Section style={styles.card}>
        <Text style={{ ...styles.cardText, fontWeight: 'bold' }}>{request.title}</Text>
        {request.message ? <Text style={styles.cardText}>{request.message}</Text> : null}
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
      <Text style={styles.muted}>Vous avez déjà répondu ? Ce message s’est croisé avec votre envoi : vous pouvez l’ignorer.</Text>
    </EmailLayout>
  );
}
