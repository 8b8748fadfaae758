import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clients, invoices, salesOrders } from '../../db/schema/index.ts';
import { addDays } from '../calendar/iso-date.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { businessDateOf } from '../calendar/paris-time.ts';
import { operationNatureOf } from './document-totals.ts';
import { assertInvoiceCommand, outstandingCents, settlementStatus } from './invoice-lifecycle.ts';
import { findInvoiceRow, viewOf, type InvoiceRow, type InvoiceView } from './invoice-view.ts';
import { findInvoicingSettings } from './invoicing-settings.ts';
import { billingEmailOf, clientAddress, missingMandatoryMentions, RECOVERY_INDEMNITY_CENTS } from './mandatory-mentions.ts';
import { nextDocumentNumber } from './next-document-number.ts';

/** Everything printed about the sale that is not a line, frozen when the invoice is issued. */
export interface InvoiceSnapshot {
  seller: {
    name: string;
    legalForm: string | null;
    siren: string;
    vatNumber: string;
    rcs: string | null;
    address: { line1: string; line2?: string | undefined; postalCode: string; city: string; country: string };
    email: string | null;
    iban: string | null;
  };
  buyer: {
    name: string;
    kind: 'company' | 'individual';
    siren: string | null;
    vatNumber: string | null;
    /** The preferred contact's email: where reminders go, and the electronic address of a buyer without SIREN. */
    email: string | null;
    address: { line1: string; line2?: string | undefined; postalCode: string; city: string; country: string };
  };
  operationNature: 'goods' | 'services' | 'mixed';
  latePenaltyRatePercent: string;
  recoveryIndemnityCents: number;
  vatOnDebits: boolean;
  paymentTermsDays: number;
  salesOrderNumber: string | null;
  creditedInvoice: { number: string; issueDate: string } | null;
  headerText: string | null;
  footerText: string | null;
  reminderOffsets: number[];
}

/**
 * Issues a draft invoice or credit note: checks the firm's and client's mandatory data (the
 * refusal names every missing item), takes the next number of the firm's yearly sequence and
 * freezes the invoice, all in one transaction — a failure anywhere gives the number back, and
 * the counter's row lock makes concurrent issues queue. A credit note lowers what its invoice
 * still owes (cancelling it once nothing is left); a final invoice marks its sales order
 * invoiced. `beforeCommit` runs last inside the transaction (tests use it to fail an issue).
 */
export async function issueInvoice(
  db: Db,
  actor: Actor,
  invoiceId: string,
  options: { now?: Date; beforeCommit?: (tx: Db, issued: InvoiceRow) => Promise<void> } = {},
): Promise<InvoiceView> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const draft = await findInvoiceRow(tx, actor.organisationId, invoiceId, { forUpdate: true });
    assertInvoiceCommand(draft, 'issue');
    const { firm, settings } = await findInvoicingSettings(tx, actor.organisationId, draft.firmId);
    const [client] = await tx.select().from(clients).where(and(eq(clients.organisationId, actor.organisationId), eq(clients.id, draft.clientId)));
    const contactEmail = await billingEmailOf(tx, client!.id);
    const missing = missingMandatoryMentions(firm, settings, client!);
    if (!client!.siren && !contactEmail) missing.push('client.electronicAddress');
    if (missing.length > 0) {
      throw new AppError('precondition_failed', `The invoice cannot be issued: mandatory information is missing (${missing.join(', ')})`, { missing, reason: 'missing_mandatory_mentions' });
    }

    let credited: InvoiceRow | null = null;
    if (draft.kind === 'credit_note') {
      credited = await findInvoiceRow(tx, actor.organisationId, draft.creditedInvoiceId!, { forUpdate: true });
      assertInvoiceCommand(credited, 'credit');
      if (draft.totalInclTaxCents > outstandingCents(credited)) {
        throw new AppError('precondition_failed', 'The credit note exceeds what its invoice still owes', { reason: 'credit_exceeds_outstanding' });
      }
    }
    let salesOrderNumber: string | null = null;
    if (draft.salesOrderId) {
      const [order] = await tx.select().from(salesOrders).where(eq(salesOrders.id, draft.salesOrderId)).for('update');
      salesOrderNumber = order!.number;
      if (draft.kind === 'final') {
        if (order!.status === 'invoiced' || order!.status === 'cancelled') throw new AppError('conflict', `The sales order is ${order!.status}`, { reason: `sales_order_${order!.status}` });
        await tx.update(salesOrders).set({ status: 'invoiced', updatedAt: now }).where(eq(salesOrders.id, order!.id));
        await recordHistory(tx, actor, { type: 'sales_order', id: order!.id }, { action: 'update', before: order!, after: { ...order!, status: 'invoiced' } });
      }
    }

    const issueDate = businessDateOf(now);
    const year = Number(issueDate.slice(0, 4));
    const { sequenceNumber, number } = await nextDocumentNumber(tx, firm.id, 'invoice', year);
    const dueDate = draft.kind === 'credit_note' ? issueDate : addDays(issueDate, settings.paymentTermsDays);
    const snapshot: InvoiceSnapshot = {
      seller: {
        name: firm.name,
        legalForm: firm.legalForm,
        siren: firm.siren!.replace(/\s/g, ''),
        vatNumber: firm.vatNumber!.replace(/\s/g, ''),
        rcs: firm.rcs,
        address: settings.address!,
        email: settings.email,
        iban: settings.iban,
      },
      buyer: {
        name: client!.name,
        kind: client!.kind,
        siren: client!.siren?.replace(/\s/g, '') ?? null,
        vatNumber: draft.buyerVatNumber,
        email: contactEmail,
        address: clientAddress(client!),
      },
      operationNature: operationNatureOf(draft.lines),
      latePenaltyRatePercent: settings.latePenaltyRatePercent!,
      recoveryIndemnityCents: RECOVERY_INDEMNITY_CENTS,
      vatOnDebits: settings.vatOnDebits,
      paymentTermsDays: settings.paymentTermsDays,
      salesOrderNumber,
      creditedInvoice: credited ? { number: credited.number!, issueDate: credited.issueDate! } : null,
      headerText: settings.headerText,
      footerText: settings.footerText,
      reminderOffsets: settings.reminderSteps.map((step) => step.offsetDays),
    };
    const [issued] = await tx
      .update(invoices)
      .set({ status: 'issued', number, sequenceYear: year, sequenceNumber, issueDate, dueDate, snapshot: snapshot as unknown as Record<string, unknown>, issuedAt: now, updatedAt: now })
      .where(eq(invoices.id, draft.id))
      .returning();
    await recordHistory(tx, actor, { type: 'invoice', id: draft.id }, { action: 'update', before: draft, after: issued! });

    if (credited) {
      const creditedCents = credited.creditedCents + draft.totalInclTaxCents;
      const status = settlementStatus({ ...credited, creditedCents });
      await tx.update(invoices).set({ creditedCents, status, updatedAt: now }).where(eq(invoices.id, credited.id));
      await recordHistory(tx, actor, { type: 'invoice', id: credited.id }, { action: 'update', before: credited, after: { ...credited, creditedCents, status } });
    }
    if (options.beforeCommit) await options.beforeCommit(tx, issued!);
    return viewOf(tx, issued!);
  });
}

