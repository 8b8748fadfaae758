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
