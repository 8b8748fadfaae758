import { EmailLayout, sampleFirm, type EmailFirm } from './components/layout.tsx';
import { FirmText } from './components/firm-text.tsx';

/** Props of a payment reminder: the firm's text for that step, already rendered by Liquid. */
export interface InvoiceReminderProps {
  readonly firm: EmailFirm;
  readonly body: string;
}

/**
 * To the client's billing contact: a payment reminder of an unpaid invoice. Each step of the
 * firm's schedule (e.g. due date + 7, + 15, + 30 days) has its own editable subject and body
 * (invoicing settings); this frames the body in the shared layout. Default props are preview data.
 */
export default function InvoiceReminder({
  firm = sampleFirm,
  body = `Bonjour,

Sauf erreur de notre part, la facture F-2026-00042 du 30 novembre 2026 reste due : 600,00 €.

Cabinet Lefèvre & Associés`,
}: Partial<InvoiceReminderProps>) {
  const firstLine = body.split('\n').find((line) => line.trim() !== '') ?? '';
  return (
    <EmailLayout firm={firm} preview={firstLine}>
      <FirmText text={body} />
    </EmailLayout>
  );
}
