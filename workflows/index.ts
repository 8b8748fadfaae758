// Every workflow of the product, bundled for the worker (workflowsPath points here).
export { mission } from './mission.ts';
export { serviceLine } from './service-line.ts';
export { followUpReminderWorkflow } from './follow-up-reminder.ts';
export { invoiceFollowUp } from './invoice-follow-up.ts';
export { informationRequestEmails } from './information-request.ts';
export { quote } from './quote.ts';
