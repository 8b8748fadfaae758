import type { Db } from '../../db/client.ts';
import type { ClientInput } from '../../domain/clients/client-input.ts';
import { createClient } from '../../domain/clients/create-client.ts';
import { adminActor } from './seed-catalogue.ts';
import type { SeededOrganisation } from './seed.ts';

/**
 * A company client ("Boulangerie Martin", valid SIREN/SIRET) whose file is held by the
 * organisation's collaborator, with one preferred contact who has an email and a mobile.
 */
export async function seedClient(db: Db, org: SeededOrganisation, overrides: Partial<ClientInput> = {}) {
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
      { civility: 'Mme', firstName: 'Claire', lastName: 'Martin', email: 'claire@boulangerie-martin.test', mobile: '06 12 34 56 78', function: 'Gérante', isPreferred: true },
    ],
    ...overrides,
  });
}
