import { clientContacts, clients } from '../../db/schema/index.ts';
import type { Actor } from '../history/record-history.ts';

/**
 * The client contact a portal request acts for, resolved from their access token. Every portal
 * use case is scoped by both the organisation and the client: a contact only ever sees their
 * own client's information requests.
 */
export interface PortalCaller {
  organisationId: string;
  clientId: string;
  contactId: string;
  clientName: string;
  contactName: string;
}

/** The history actor of a portal action: the system, labelled with the contact's name. */
export function portalActor(caller: PortalCaller): Actor {
  return { kind: 'system', organisationId: caller.organisationId, label: `portal: ${caller.contactName}` };
}

/** The columns a portal caller is read from (a select over `client_contacts` joined to `clients`). */
export const portalCallerColumns = {
  organisationId: clientContacts.organisationId,
  clientId: clientContacts.clientId,
  contactId: clientContacts.id,
  clientName: clients.name,
  firstName: clientContacts.firstName,
  lastName: clientContacts.lastName,
};

/** The caller of a row selected with `portalCallerColumns` (and possibly more columns, left out). */
export function portalCallerOf(row: { organisationId: string; clientId: string; contactId: string; clientName: string; firstName: string; lastName: string }): PortalCaller {
  return { organisationId: row.organisationId, clientId: row.clientId, contactId: row.contactId, clientName: row.clientName, contactName: `${row.firstName} ${row.lastName}` };
}
