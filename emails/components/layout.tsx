import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { CSSProperties, ReactNode } from 'react';

/** The firm an email is sent for: its name heads the email, its contact details sign it. */
export interface EmailFirm {
  readonly name: string;
  readonly address?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** The sample firm of every preview. */
export const sampleFirm: EmailFirm = {
  name: 'Cabinet Lefèvre & Associés',
  address: '12 rue de la République, 69002 Lyon',
  phone: '04 78 00 00 00',
  email: 'contact@lefevre-associes.fr',
};

/** Shared inline styles (email clients ignore stylesheets). */
export const styles = {
  body: { backgroundColor: '#f4f6f9', fontFamily: 'Arial, Helvetica, sans-serif', color: '#1d1d1f', margin: 0, padding: '24px 0' },
  container: { backgroundColor: '#ffffff', maxWidth: '600px', margin: '0 auto', borderRadius: '6px', border: '1px solid #dde3ea' },
  header: { backgroundColor: '#1f3a5f', borderRadius: '6px 6px 0 0', padding: '16px 24px' },
  firmName: { color: '#ffffff', fontSize: '18px', fontWeight: 'bold', margin: 0 },
  content: { padding: '8px 24px 16px' },
  heading: { fontSize: '20px', color: '#1f3a5f', margin: '16px 0 8px' },
  text: { fontSize: '15px', lineHeight: '22px', margin: '0 0 12px' },
  card: { backgroundColor: '#eef2f7', borderRadius: '4px', padding: '12px 16px', margin: '8px 0 16px' },
  cardText: { fontSize: '15px', lineHeight: '22px', margin: '0 0 4px' },
  button: { backgroundColor: '#1f3a5f', color: '#ffffff', borderRadius: '4px', padding: '12px 20px', fontSize: '15px', fontWeight: 'bold', textDecoration: 'none' },
  muted: { fontSize: '13px', lineHeight: '18px', color: '#55595f', margin: '0 0 8px' },
  link: { color: '#1f3a5f', wordBreak: 'break-all' },
  footer: { padding: '0 24px 16px' },
} satisfies Record<string, CSSProperties>;

/** Props of the shared layout. */
export interface EmailLayoutProps {
  readonly firm: EmailFirm;
  /** The line mail clients show next to the subject. */
  readonly preview: string;
  readonly children: ReactNode;
}

/**
 * The frame of every email: the firm's name as header, the content, and a footer with the
 * firm's contact details and a note that the message was sent through Échéance on its behalf.
 */
export function EmailLayout({ firm, preview, children }: EmailLayoutProps) {
  const contact = [firm.address, firm.phone, firm.email].filter(Boolean).join(' — ');
  return (
    <Html lang="fr" dir="ltr">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Section style={styles.header}>
            <Text style={styles.firmName}>{firm.name}</Text>
          </Section>
          <Section style={styles.content}>{children}</Section>
          <Hr style={{ borderColor: '#dde3ea', margin: '0 24px 12px' }} />
          <Section style={styles.footer}>
            <Text style={styles.muted}>
              {firm.name}
              {contact ? ` — ${contact}` : ''}
            </Text>
            <Text style={styles.muted}>Message envoyé par Échéance pour le compte de {firm.name}.</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
