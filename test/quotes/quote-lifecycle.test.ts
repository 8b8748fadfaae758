import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors.ts';
import { assertQuoteCommand, closedQuoteStatuses, isQuoteCommandDone, mayRunQuoteCommand, quoteCommands, quoteStatuses } from '../../domain/quotes/quote-lifecycle.ts';

describe('the quote lifecycle table', () => {
  it('lets a closed quote only be consulted and commented online or given a task (not once cancelled), and ordered, invoiced or its signature proven once accepted', () => {
    const afterAnswer = new Set(['consult', 'sendFeedback', 'createTask']);
    for (const status of closedQuoteStatuses) {
      for (const command of Object.keys(quoteCommands) as (keyof typeof quoteCommands)[]) {
        const allowed = (afterAnswer.has(command) && status !== 'cancelled') || (['createSalesOrder', 'invoice', 'downloadProofs'].includes(command) && status === 'accepted');
        expect(mayRunQuoteCommand(command, status), `${command} from ${status}`).toBe(allowed);
      }
    }
    expect(isQuoteCommandDone('accept', 'accepted')).toBe(true);
    expect(isQuoteCommandDone('accept', 'expired')).toBe(false);
  });

  it('refuses to accept an expired quote with 409 and the stable reason quote_status_conflict', () => {
    const refusal = (() => {
      try {
        assertQuoteCommand({ status: 'expired' }, 'accept');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'conflict', reason: 'quote_status_conflict', message: 'The quote is expired; it cannot be accepted' });
  });

  it('leads every status-changing command to a known status', () => {
    for (const rule of Object.values(quoteCommands)) if (rule.to) expect(quoteStatuses).toContain(rule.to);
  });
});
