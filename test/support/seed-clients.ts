import type { Db } from '../../db/client.ts';
import type { ClientInput } from '../../domain/clients/client-input.ts';
import { createClient } from '../../domain/clients/create-client.ts';
import { issuePortalToken } from '../../domain/clients/issue-portal-token.ts';
import { adminActor } from './seed-catalogue.ts';
import type { SeededOrganisation } from './seed.ts';

/**
 * A company client ("Boulangerie Martin", valid SIREN/SIRET) whose file is held by the
 * organisation's collaborator, with one preferred contact who has an email and a mobile.
 */
export async function seedClient(db: Db, org: SeededOrganisation, overrides: Partial<ClientInput> = {}) {
  // Values in the form the API's schema produces (compact identifiers, E.164 mobile). The schema
  // itself is not imported: a zod schema built before @hono/zod-openapi loads lacks `.openapi()`.
  return createClient(db, adminActor(org), {
    kind: 'company',
    name: 'Boulangerie Martin',
    legalForm: 'SARL',
    siren: '732829320',
    siret: '73282932000074',
    street: '12 rue de la Paix',
    postalCode: '75002',
    city: 'Paris',
    country: 'FR',
    firmId: org.firm.id,
    holderUserId: org.collaborator.id,
    partnerUserId: org.admin.id,
    contacts: [
      { civility: 'Mme', firstName: 'Claire', lastName: 'Martin', email: 'claire@boulangerie-martin.test', mobile: '+33612345678', function: 'Gérante', isPreferred: true },
    ],
    ...overrides,
  });
}

/** A client (as `seedClient`) whose preferred contact holds a portal token; returns the token's secret. */
export async function seedClientWithPortalAccess(db: Db, org: SeededOrganisation, overrides: Partial<ClientInput> = {}) {
  const client = await seedClient(db, org, overrides);
  const contact = client.contacts.find((c) => c.isPreferred)!;
  const { token, portalUrl } = await issuePortalToken(db, adminActor(org), client.id, contact.id, 'http://localhost:3000');
  return { client, contact, portalToken: token, portalUrl };
}
