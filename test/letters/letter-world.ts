import type { Db } from '../../db/client.ts';
import { createFolder } from '../../domain/documents/create-folder.ts';
import { updateFirm } from '../../domain/firms/update-firm.ts';
import { createMission } from '../../domain/missions/create-mission.ts';
import { adminActor, seedVatService } from '../support/seed-catalogue.ts';
import { seedClient } from '../support/seed-clients.ts';
import type { SeededOrganisation } from '../support/seed.ts';

/** The firm's regulatory identity, as letters and the FIL print it. */
export const FIRM_IDENTITY = {
  legalForm: 'SAS au capital de 50 000 €',
  address: '12 rue de la République, 69002 Lyon',
  rcs: 'RCS Lyon 552 100 554',
  orderRegistration: 'Inscrite au tableau de l’Ordre des experts-comptables Auvergne-Rhône-Alpes',
  vatNumber: 'FR40552100554',
};

/**
 * A draft mission ready to get its letter: the firm with its legal identity, the company client
 * « Boulangerie Martin » with its preferred contact, a monthly VAT line, and two folders of the
 * client's document store (« Lettres de mission » shared with the client, « Interne » not).
 */
export async function seedDraftMissionWithFolders(db: Db, org: SeededOrganisation) {
  const actor = adminActor(org);
  await updateFirm(db, actor, org.firm.id, FIRM_IDENTITY);
  const client = await seedClient(db, org);
  const service = await seedVatService(db, org);
  const mission = await createMission(db, actor, {
    clientId: client.id,
    firmId: org.firm.id,
    name: 'Mission comptable 2027',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    assigneeUserId: org.collaborator.id,
    createPastOccurrences: false,
    lines: [{ serviceId: service.id, frequency: 'monthly', quantity: 1, deadlineRule: { kind: 'day-of-month', day: 30 }, leadTimeDays: 10 }],
  } as never);
  const shared = await createFolder(db, actor, client.id, { name: 'Lettres de mission', sharedWithClient: true } as never);
  const internal = await createFolder(db, actor, client.id, { name: 'Interne', sharedWithClient: false } as never);
  const contact = client.contacts.find((c) => c.isPreferred)!;
  return { client, contact, mission, sharedFolder: shared, internalFolder: internal, service };
}
