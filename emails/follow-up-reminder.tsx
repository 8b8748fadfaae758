import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the reminder of an overdue follow-up action. */
export interface FollowUpReminderProps {
  readonly firm: EmailFirm;
  readonly salespersonFirstName: string;
  readonly prospectName: string;
  /** The action type's French label: `Relance`, `Rendez-vous`, … */
  readonly actionType: string;
  /** The planned date, formatted in French. */
  readonly dueDate: string;
  readonly note?: string;
  readonly prospectUrl: string;
}

/** The subject of this reminder. */
export function followUpReminderSubject({ actionType, prospectName }: Pick<FollowUpReminderProps, 'actionType' | 'prospectName'>): string {
  return `Action à faire en retard : ${actionType} — ${prospectName}`;
}

/** To the operational salesperson: a "to do" follow-up action's date has passed and it is not done. */
export default function FollowUpReminder({
  firm = sampleFirm,
  salespersonFirstName = 'Camille',
  prospectName = 'Garage Martin SAS',
  actionType = 'Relance',
  dueDate = '14 février 2025',
  note = 'Rappeler M. Martin au sujet de la proposition de tenue comptable.',
  prospectUrl = 'https://app.echeance.fr/prospects/garage-martin',
}: Partial<FollowUpReminderProps>) {
  return (
    <EmailLayout firm={firm} preview={`${actionType} prévue le ${dueDate} pour ${prospectName}`}>
      <Heading as="h1" style={styles.heading}>
        Action de suivi en retard
      </Heading>
      <Text style={styles.text}>Bonjour {salespersonFirstName},</Text>
      <Text style={styles.text}>
        L’action « {actionType} » prévue le {dueDate} pour {prospectName} est toujours à faire.
      </Text>
      {note ? (
        <Section style={styles.card}>
          <Text style={styles.cardText}>{note}</Text>
        </Section>
      ) : null}
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={prospectUrl} style={styles.button}>
          Ouvrir la fiche prospect
        </Button>
      </Section>
      <Text style={styles.muted}>Une fois l’action réalisée, passez-la à « Fait » depuis la fiche.</Text>
    </EmailLayout>
  );
}
