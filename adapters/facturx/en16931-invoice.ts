import type { Invoice } from '@e-invoice-eu/core';
import type { DocumentLine, PostalAddress } from '../../db/schema/invoicing.ts';
import type { InvoiceSnapshot } from '../../domain/invoicing/issue-invoice.ts';

/** What an issued invoice gives the e-invoice: its frozen row and snapshot. */
export interface IssuedInvoiceData {
  kind: 'invoice' | 'down_payment' | 'final' | 'credit_note';
  number: string;
  issueDate: string;
  dueDate: string;
  buyerReference: string | null;
  deliveryAddress: PostalAddress | null;
  notes: string | null;
  lines: DocumentLine[];
  vatBreakdown: { vatRate: number; baseCents: number; vatCents: number }[];
  totalExclTaxCents: number;
  totalVatCents: number;
  totalInclTaxCents: number;
  snapshot: InvoiceSnapshot;
}

/** Cents as the decimal string EN 16931 amounts use (`1234.50`). */
const amount = (cents: number) => (cents / 100).toFixed(2);
const percent = (rate: number) => String(rate);

/** UNTDID 1001 type codes: commercial invoice, prepayment (down payment) invoice, credit note. */
const typeCodes = { invoice: '380', final: '380', down_payment: '386', credit_note: '381' } as const;

/** VAT category (UNTDID 5305): standard rate, or exempt for 0 %. */
const vatCategory = (rate: number) => (rate > 0 ? 'S' : 'E');
const EXEMPTION_REASON = 'Exonération de TVA';

function address(value: PostalAddress) {
  return {
    'cbc:StreetName': value.line1,
    ...(value.line2 ? { 'cbc:AdditionalStreetName': value.line2 } : {}),
    'cbc:CityName': value.city,
    'cbc:PostalZone': value.postalCode,
    'cac:Country': { 'cbc:IdentificationCode': value.country as 'FR' },
  };
}

const frenchNumber = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const natureLabels = { goods: 'Livraison de biens', services: 'Prestation de services', mixed: 'Livraison de biens et prestation de services' } as const;

/**
 * The legal mentions EN 16931 carries as notes and payment terms (L441-9, CGI 242 nonies A):
 * nature of the operation, penalty rate, €40 indemnity, VAT-on-debits option.
 */
export function legalMentions(data: IssuedInvoiceData): { notes: string[]; paymentTerms: string } {
  const { snapshot } = data;
  const notes = [`Nature de l’opération : ${natureLabels[snapshot.operationNature]}.`];
  if (snapshot.vatOnDebits) notes.push('Option pour le paiement de la TVA d’après les débits.');
  if (snapshot.creditedInvoice) notes.push(`Avoir sur la facture ${snapshot.creditedInvoice.number} du ${snapshot.creditedInvoice.issueDate}.`);
  if (data.notes) notes.push(data.notes);
  const paymentTerms =
    `Échéance : ${data.dueDate}. Pénalités de retard au taux annuel de ${frenchNumber.format(Number(snapshot.latePenaltyRatePercent))} % ` +
    `exigibles dès le lendemain de l’échéance, et indemnité forfaitaire pour frais de recouvrement de ${frenchNumber.format(snapshot.recoveryIndemnityCents / 100)} € ` +
    '(C. com. L441-10). Pas d’escompte pour paiement anticipé.';
  return { notes, paymentTerms };
}

/** A price in cents as a decimal euro string with up to 4 decimals (a discounted unit price may fall between cents). */
const price = (cents: number) => String(Math.round(cents * 100) / 10_000);

/**
 * One line. A discount is carried in the net price (BT-146) and told in the line's note: the
 * library writes line and price allowances with a currency attribute in the wrong place, which
 * CII forbids (CII-DT-031), so neither is used.
 */
function invoiceLine(line: DocumentLine, index: number) {
  const netUnitCents = (line.unitPriceCents * (10_000 - Math.round(line.discountPercent * 100))) / 10_000;
  return {
    'cbc:ID': String(index + 1),
    ...(line.discountPercent > 0 ? { 'cbc:Note': `Remise de ${frenchNumber.format(line.discountPercent)} % sur le prix unitaire de ${frenchNumber.format(line.unitPriceCents / 100)} €` } : {}),
    'cbc:InvoicedQuantity': String(line.quantity),
    'cbc:InvoicedQuantity@unitCode': 'C62' as const,
    'cbc:LineExtensionAmount': amount(line.netCents),
    'cbc:LineExtensionAmount@currencyID': 'EUR' as const,
    'cac:Item': {
      ...(line.description ? { 'cbc:Description': line.description } : {}),
      'cbc:Name': line.label,
      'cac:ClassifiedTaxCategory': { 'cbc:ID': vatCategory(line.vatRate), 'cbc:Percent': percent(line.vatRate), 'cac:TaxScheme': { 'cbc:ID': 'VAT' } },
    },
    'cac:Price': { 'cbc:PriceAmount': price(netUnitCents), 'cbc:PriceAmount@currencyID': 'EUR' as const },
  };
}

/**
 * Maps an issued invoice to the EN 16931 semantic model in @e-invoice-eu/core's input format
 * (UBL-shaped JSON), from which the library writes CII (Factur-X) and UBL.
 */
export function toEn16931Invoice(data: IssuedInvoiceData): Invoice {
  const { seller, buyer } = data.snapshot;
  const { notes, paymentTerms } = legalMentions(data);
  const invoice = {
    'ubl:Invoice': {
      'cbc:CustomizationID': 'urn:cen.eu:en16931:2017',
      'cbc:ID': data.number,
      'cbc:IssueDate': data.issueDate,
      'cbc:DueDate': data.dueDate,
      'cbc:InvoiceTypeCode': typeCodes[data.kind],
      // One note: the library writes several as repeated contents of one CII note, which the XSD refuses.
      'cbc:Note': [notes.join('\n')],
      'cbc:DocumentCurrencyCode': 'EUR',
      ...(data.buyerReference ? { 'cbc:BuyerReference': data.buyerReference } : {}),
      ...(data.snapshot.salesOrderNumber ? { 'cac:OrderReference': { 'cbc:SalesOrderID': data.snapshot.salesOrderNumber } } : {}),
      ...(data.snapshot.creditedInvoice
        ? { 'cac:BillingReference': [{ 'cac:InvoiceDocumentReference': { 'cbc:ID': data.snapshot.creditedInvoice.number, 'cbc:IssueDate': data.snapshot.creditedInvoice.issueDate } }] }
        : {}),
      'cac:AccountingSupplierParty': {
        'cac:Party': {
          ...(seller.email ? { 'cbc:EndpointID': seller.email, 'cbc:EndpointID@schemeID': 'EM' } : {}),
          'cac:PostalAddress': address(seller.address),
          'cac:PartyTaxScheme': [{ 'cbc:CompanyID': seller.vatNumber, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }],
          'cac:PartyLegalEntity': {
            'cbc:RegistrationName': seller.name,
            'cbc:CompanyID': seller.siren,
            'cbc:CompanyID@schemeID': '0002',
            ...(seller.legalForm || seller.rcs ? { 'cbc:CompanyLegalForm': [seller.legalForm, seller.rcs].filter(Boolean).join(', ') } : {}),
          },
          ...(seller.email ? { 'cac:Contact': { 'cbc:ElectronicMail': seller.email } } : {}),
        },
      },
      'cac:AccountingCustomerParty': {
        'cac:Party': {
          // BT-49: the buyer's electronic address — its SIREN (ISO 6523 scheme 0002), else its email.
          ...(buyer.siren ? { 'cbc:EndpointID': buyer.siren, 'cbc:EndpointID@schemeID': '0002' } : { 'cbc:EndpointID': buyer.email ?? '', 'cbc:EndpointID@schemeID': 'EM' }),
          'cac:PostalAddress': address(buyer.address),
          ...(buyer.vatNumber ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatNumber, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } } : {}),
          'cac:PartyLegalEntity': {
            'cbc:RegistrationName': buyer.name,
            ...(buyer.siren ? { 'cbc:CompanyID': buyer.siren, 'cbc:CompanyID@schemeID': '0002' } : {}),
          },
        },
      },
      // BT-72: the date of the sale or service is the issue date (invoices are issued on completion).
      'cac:Delivery': {
        'cbc:ActualDeliveryDate': data.issueDate,
        ...(data.deliveryAddress ? { 'cac:DeliveryLocation': { 'cac:Address': address(data.deliveryAddress) } } : {}),
      },
      ...(seller.iban && data.kind !== 'credit_note'
        ? { 'cac:PaymentMeans': [{ 'cbc:PaymentMeansCode': '58', 'cbc:PaymentID': data.number, 'cac:PayeeFinancialAccount': { 'cbc:ID': seller.iban } }] }
        : {}),
      'cac:PaymentTerms': { 'cbc:Note': paymentTerms },
      'cac:TaxTotal': [
        {
          'cbc:TaxAmount': amount(data.totalVatCents),
          'cbc:TaxAmount@currencyID': 'EUR',
          'cac:TaxSubtotal': data.vatBreakdown.map((row) => ({
            'cbc:TaxableAmount': amount(row.baseCents),
            'cbc:TaxableAmount@currencyID': 'EUR' as const,
            'cbc:TaxAmount': amount(row.vatCents),
            'cbc:TaxAmount@currencyID': 'EUR' as const,
            'cac:TaxCategory': {
              'cbc:ID': vatCategory(row.vatRate),
              'cbc:Percent': percent(row.vatRate),
              ...(row.vatRate === 0 ? { 'cbc:TaxExemptionReason': EXEMPTION_REASON } : {}),
              'cac:TaxScheme': { 'cbc:ID': 'VAT' },
            },
          })),
        },
      ],
      'cac:LegalMonetaryTotal': {
        'cbc:LineExtensionAmount': amount(data.totalExclTaxCents),
        'cbc:LineExtensionAmount@currencyID': 'EUR' as const,
        'cbc:TaxExclusiveAmount': amount(data.totalExclTaxCents),
        'cbc:TaxExclusiveAmount@currencyID': 'EUR' as const,
        'cbc:TaxInclusiveAmount': amount(data.totalInclTaxCents),
        'cbc:TaxInclusiveAmount@currencyID': 'EUR' as const,
        'cbc:PayableAmount': amount(data.totalInclTaxCents),
        'cbc:PayableAmount@currencyID': 'EUR' as const,
      },
      'cac:InvoiceLine': data.lines.map(invoiceLine),
    },
  };
  return invoice as unknown as Invoice;
}
