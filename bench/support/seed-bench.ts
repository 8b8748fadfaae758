/**
 * The firm the service benches work for: an organisation (admin token), the monthly VAT service
 * (an information request 10 days ahead) and the quarterly review (a task for the file's holder),
 * and clients with one contact — written through the use cases, as the API would.
 */
import type { Db } from '../../db/client.ts';
import { createService } from '../../domain/catalogue/create-service.ts';
import { createClient } from '../../domain/clients/create-client.ts';
import type { Actor } from '../../domain/history/record-history.ts';
import { bootstrapOrganisation } from '../../domain/organisations/bootstrap-organisation.ts';

export async function seedBenchFirm(db: Db) {
  const boot = await bootstrapOrganisation(db, {
    organisationName: 'Réseau Bench',
    firmName: 'Cabinet Bench',
    admin: { email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin' },
  });
  const actor: Actor = { kind: 'user', organisationId: boot.organisation.id, userId: boot.admin.id, label: 'Ada Admin' };
  const vat = await createService(db, actor, {
    serviceType: 'tax',
    internalLabel: 'TVA mensuelle',
    description: null,
    deliverableType: 'Déclaration',
    defaultPriceCents: 9000,
    vatRateBasisPoints: 2000,
    defaultFrequency: 'monthly',
    leadTimeDays: 10,
    items: [{ kind: 'information_request', title: 'Justificatifs de TVA', message: 'Merci de déposer vos justificatifs de TVA', expectsFiles: true, expectsText: false }],
  });
  const review = await createService(db, actor, {
    serviceType: 'accounting',
    internalLabel: 'Révision trimestrielle',
    description: null,
    deliverableType: 'Situation intermédiaire',
    defaultPriceCents: 45000,
    vatRateBasisPoints: 2000,
    defaultFrequency: 'quarterly',
    leadTimeDays: 15,
    items: [{ kind: 'task', title: 'Réviser les comptes du trimestre', assigneeRole: 'holder' }],
  });
  /** A company client held by the admin, with one preferred contact. */
  const seedClient = (index: number) =>
    createClient(db, actor, {
      kind: 'company',
      name: `Client ${String(index).padStart(5, '0')}`,
      firmId: boot.firm.id,
      holderUserId: boot.admin.id,
      contacts: [{ firstName: 'Claire', lastName: `Martin ${index}`, email: `contact${index}@client.test`, isPreferred: true }],
    } as Parameters<typeof createClient>[2]);
  return { token: boot.token, firmId: boot.firm.id, vat, review, seedClient };
}
