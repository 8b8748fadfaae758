import { createRouter } from '../../create-router.ts';
import * as handlers from './invoices.handlers.ts';
import * as routes from './invoices.routes.ts';

export const invoicesRouter = createRouter()
  .openapi(routes.listInvoices, handlers.list)
  .openapi(routes.createInvoiceFromSalesOrder, handlers.createFromSalesOrder)
  .openapi(routes.getInvoice, handlers.get)
  .openapi(routes.createInvoice, handlers.create)
  .openapi(routes.deleteInvoice, handlers.remove)
  .openapi(routes.issueInvoice, handlers.issue)
  .openapi(routes.createCreditNote, handlers.creditNote)
  .openapi(routes.recordPayment, handlers.payment)
  .openapi(routes.downloadPdf, handlers.pdf)
  .openapi(routes.downloadXml, handlers.xml)
  .openapi(routes.getInvoicingSettings, handlers.getSettings)
  .openapi(routes.putInvoicingSettings, handlers.putSettings);
