import { Heading, Section, Text } from '@react-email/components';
import { EmailLayout, sampleFirm, styles, type EmailFirm } from './components/layout.tsx';

/** Props of the one-time code a signer types on the built-in signing page. */
export interface SignatureCodeProps {
  readonly firm: EmailFirm;
  readonly signerName: string;
  readonly code: string;
  readonly validMinutes: number;
}

export function signatureCodeSubject({ firm }: Pick<SignatureCodeProps, 'firm'>): string {
  return `Votre code de signature — ${firm.name}`;
}

/** To a signer: the six-digit code that confirms their signature on the built-in page. */
export default function SignatureCode({ firm = sampleFirm, signerName = 'Élodie Hébert', code = '482913', validMinutes = 10 }: Partial<SignatureCodeProps>) {
  return (
    <EmailLayout firm={firm} preview={`Votre code de signature : ${code}`}>
      <Heading as="h1" style={styles.heading}>
        Votre code de signature
      </Heading>
      <Text style={styles.text}>Bonjour {signerName},</Text>
      <Text style={styles.text}>Saisissez ce code sur la page de signature pour confirmer votre signature :</Text>
      <Section style={styles.card}>
        <Text style={{ ...styles.cardText, fontSize: '24px', letterSpacing: '6px', fontWeight: 'bold' }}>{code}</Text>
      </Section>
      <Text style={styles.muted}>
        Ce code est valable {validMinutes} minutes. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera signé sans ce code.
      </Text>
    </EmailLayout>
  );
}
