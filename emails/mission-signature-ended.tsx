import { Button, Heading, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the alert telling staff that a letter's signature request ended without signature. */
export interface MissionSignatureEndedProps {
  readonly firm: EmailFirm;
  readonly recipientFirstName: string;
  readonly clientName: string;
  readonly missionReference: string;
  /** What happened: declined, expired or canceled. */
  readonly outcome: 'declined' | 'expired' | 'canceled';
  /** The reason given (by the signer or the provider), if any. */
  readonly reason: string | null;
  readonly missionUrl: string;
}

const OUTCOMES: Record<MissionSignatureEndedProps['outcome'], string> = {
  declined: 'a été refusée',
  expired: 'a expiré sans être signée',
  canceled: 'a été annulée',
};

/** The subject of this alert. */
export function missionSignatureEndedSubject({ clientName, missionReference, outcome }: Pick<MissionSignatureEndedProps, 'clientName' | 'missionReference' | 'outcome'>): string {
  return `Signature de la lettre de mission : ${OUTCOMES[outcome]} — ${clientName} (${missionReference})`;
}

/** To the mission's holder: the signature ended without signature; the mission is validated again, ready to be sent anew. */
export default function MissionSignatureEnded({
  firm = sampleFirm,
  recipientFirstName = 'François',
  clientName = 'Boulangerie Hébert SARL',
  missionReference = 'LM-2025-0042',
  outcome = 'declined',
  reason = 'Les honoraires ne correspondent pas à notre échange',
  missionUrl = 'https://app.echeance.fr/missions/LM-2025-0042',
}: Partial<MissionSignatureEndedProps>) {
  return (
    <EmailLayout firm={firm} preview={`La signature de la lettre de mission de ${clientName} ${OUTCOMES[outcome]}`}>
      <Heading as="h1" style={styles.heading}>
        Lettre de mission non signée
      </Heading>
      <Text style={styles.text}>Bonjour {recipientFirstName},</Text>
      <Text style={styles.text}>
        La demande de signature de la lettre de mission {missionReference} de {clientName} {OUTCOMES[outcome]}.
        {reason ? ` Motif : « ${reason} ».` : ''}
      </Text>
      <Text style={styles.text}>La mission est revenue au statut « validée » : vous pouvez renvoyer la lettre pour signature, ou créer une nouvelle mission pour la modifier.</Text>
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={missionUrl} style={styles.button}>
          Voir la mission
        </Button>
      </Section>
    </EmailLayout>
  );
}
