import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { catalogueServices } from './catalogue.ts';
import { clientContacts, clients } from './clients.ts';
import { createdAt, id } from './columns.ts';
import { tasks } from './missions.ts';
import { organisations } from './organisations.ts';

/**
 * A service a client asked for through the portal (seed article 001). It becomes a task for the
 * firm to review and turn into a mission line; this row keeps what the client asked, for whom.
 */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    contactId: uuid('contact_id').references(() => clientContacts.id, { onDelete: 'set null' }),
    /** The catalogue service asked for; null when the client described a need in words only. */
    serviceId: uuid('service_id').references(() => catalogueServices.id, { onDelete: 'set null' }),
    message: text('message').notNull(),
    /** The review task created for the firm. */
    taskId: uuid('task_id').notNull().references(() => tasks.id),
    createdAt: createdAt(),
  },
  (t) => [index('service_requests_client_idx').on(t.clientId, t.createdAt), index('service_requests_task_idx').on(t.taskId)],
);
