import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the alert telling staff that a mission's letter is still unsigned. */
export interface MissionOverdueProps {
  readonly firm: EmailFirm;
  readonly recipientFirstName: string;
  readonly clientName: string;
  readonly missionReference: string;
  /** When the letter was sent for signature, formatted in French. */
  readonly sentOn: string;
  /** Days since then (MISSION_OVERDUE_AFTER_DAYS or more). */
  readonly daysWaiting: number;
  readonly missionUrl: string;
}

/** The subject of this alert. */
export function missionOverdueSubject({ clientName, missionReference, daysWaiting }: Pick<MissionOverdueProps, 'clientName' | 'missionReference' | 'daysWaiting'>): string {
  return `Lettre de mission non signée depuis ${daysWaiting} jours : ${clientName} (${missionReference})`;
}

/** To the mission's holder: the letter was sent N days ago and is still not signed; time to follow up. */
export default function MissionOverdue({
  firm = sampleFirm,
  recipientFirstName = 'François',
  clientName = 'Boulangerie Hébert SARL',
  missionReference = 'LM-2025-0042',
  sentOn = '2 décembre 2024',
  daysWaiting = 15,
  missionUrl = 'https://app.echeance.fr/missions/LM-2025-0042',
}: Partial<MissionOverdueProps>) {
  return (
    <EmailLayout firm={firm} preview={`${clientName} n’a pas signé sa lettre de mission depuis ${daysWaiting} jours`}>
      <Heading as="h1" style={styles.heading}>
        Lettre de mission en attente de signature
      </Heading>
      <Text style={styles.text}>Bonjour {recipientFirstName},</Text>
      <Text style={styles.text}>
        La lettre de mission {missionReference} de {clientName}, envoyée pour signature le {sentOn}, n’est toujours pas signée après{' '}
        {daysWaiting} jours. Une relance auprès du client est peut-être nécessaire.
      </Text>
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={missionUrl} style={styles.button}>
          Voir la mission
        </Button>
      </Section>
    </EmailLayout>
  );
}
