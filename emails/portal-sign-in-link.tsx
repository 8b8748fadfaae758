import { Button, Heading, Link, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the email carrying a magic sign-in link to the client pages. */
export interface PortalSignInLinkProps {
  readonly firm: EmailFirm;
  readonly contactFirstName: string;
  readonly clientName: string;
  /** The single-use link. */
  readonly url: string;
  /** How long it works, in minutes. */
  readonly validMinutes: number;
}

/** The subject of this email. */
export function portalSignInLinkSubject({ firm }: Pick<PortalSignInLinkProps, 'firm'>): string {
  return `Votre lien de connexion à l’espace client — ${firm.name}`;
}

/**
 * To a client contact who asked to sign in to the client pages: a single-use link, valid a few
 * minutes. Nothing else in it, so a forwarded email opens nothing once used or expired.
 */
export default function PortalSignInLink({
  firm = sampleFirm,
  contactFirstName = 'Élodie',
  clientName = 'Boulangerie Martin',
  url = 'https://app.echeance.fr/portail/connexion/lien?jeton=ecl_exemple',
  validMinutes = 20,
}: Partial<PortalSignInLinkProps>) {
  return (
    <EmailLayout firm={firm} preview={`Votre lien de connexion, valable ${validMinutes} minutes`}>
      <Heading as="h1" style={styles.heading}>
        Connexion à votre espace client
      </Heading>
      <Text style={styles.text}>Bonjour {contactFirstName},</Text>
      <Text style={styles.text}>
        Voici votre lien personnel pour accéder à l’espace client de {clientName} chez {firm.name}. Il fonctionne une seule fois, pendant {validMinutes} minutes.
      </Text>
      <Section style={{ margin: '8px 0 16px' }}>
        <Button href={url} style={styles.button}>
          Accéder à mon espace
        </Button>
      </Section>
      <Text style={styles.muted}>
        Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :{' '}
        <Link href={url} style={styles.link}>
          {url}
        </Link>
      </Text>
      <Text style={styles.muted}>Vous n’avez rien demandé ? Ignorez ce message : sans ce lien, personne ne peut se connecter à votre place.</Text>
    </EmailLayout>
  );
}
