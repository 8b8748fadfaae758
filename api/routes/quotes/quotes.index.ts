import { createRouter } from '../../create-router.ts';
import * as handlers from './quotes.handlers.ts';
import * as routes from './quotes.routes.ts';

export const quotesRouter = createRouter()
  .openapi(routes.listQuotes, handlers.list)
  .openapi(routes.createQuote, handlers.create)
  .openapi(routes.createClientQuote, handlers.createForClient)
  .openapi(routes.createProspectQuote, handlers.createForProspect)
  .openapi(routes.createFileQuote, handlers.createForFile)
  .openapi(routes.createClientContactQuote, handlers.createForClientContact)
  .openapi(routes.createProspectContactQuote, handlers.createForProspectContact)
  .openapi(routes.getQuote, handlers.get)
  .openapi(routes.updateQuote, handlers.update)
  .openapi(routes.getQuoteHistory, handlers.history)
  .openapi(routes.getQuoteState, handlers.state)
  .openapi(routes.duplicateQuote, handlers.duplicate)
  .openapi(routes.sendQuote, handlers.send)
  .openapi(routes.remindQuote, handlers.remind)
  .openapi(routes.downloadQuotePdf, handlers.pdf)
  .openapi(routes.createQuoteSalesOrder, handlers.salesOrder)
  .openapi(routes.createQuoteInvoice, handlers.invoice)
  .openapi(routes.createQuoteTask, handlers.task)
  .openapi(routes.cancelQuote, handlers.cancel)
  .openapi(routes.declineQuote, handlers.decline)
  .openapi(routes.acceptQuote, handlers.accept)
  .openapi(routes.getQuoteSettings, handlers.getSettings)
  .openapi(routes.putQuoteSettings, handlers.putSettings);
