import type { Db } from '../../db/client.ts';
import { createCategory } from '../../domain/catalogue/create-category.ts';
import { createService } from '../../domain/catalogue/create-service.ts';
import type { ServiceInput } from '../../domain/catalogue/service-input.ts';
import type { Actor } from '../../domain/history/record-history.ts';
import type { SeededOrganisation } from './seed.ts';

/** The organisation's admin as the actor of seeded changes. */
export function adminActor(org: SeededOrganisation): Actor {
  return { kind: 'user', organisationId: org.organisationId, userId: org.admin.id, label: `${org.admin.firstName} ${org.admin.lastName}` };
}

/** A catalogue category ("Fiscal" unless named). */
export async function seedCategory(db: Db, org: SeededOrganisation, name = 'Fiscal') {
  return createCategory(db, adminActor(org), { name });
}

/**
 * The automatic VAT reminder of seed article 004: a monthly "TVA mensuelle" service, 10 days of
 * lead time, whose only item asks the client for their VAT documents (files).
 */
export async function seedVatService(db: Db, org: SeededOrganisation, overrides: Partial<ServiceInput> = {}) {
  return createService(db, adminActor(org), {
    serviceType: 'tax',
    internalLabel: 'TVA mensuelle',
    description: 'Déclaration de TVA mensuelle (CA3)',
    deliverableType: 'Déclaration',
    defaultPriceCents: 9000,
    vatRateBasisPoints: 2000,
    defaultFrequency: 'monthly',
    leadTimeDays: 10,
    items: [
      {
        kind: 'information_request',
        title: 'Justificatifs de TVA',
        message: 'Merci de déposer vos justificatifs de TVA',
        expectsFiles: true,
        expectsText: false,
      },
    ],
    ...overrides,
  });
}

/** A quarterly bookkeeping review whose only item is an internal task for the client file's holder. */
export async function seedQuarterlyTaskService(db: Db, org: SeededOrganisation, overrides: Partial<ServiceInput> = {}) {
  return createService(db, adminActor(org), {
    serviceType: 'accounting',
    internalLabel: 'Révision trimestrielle',
    description: null,
    deliverableType: 'Situation intermédiaire',
    defaultPriceCents: 45000,
    vatRateBasisPoints: 2000,
    defaultFrequency: 'quarterly',
    leadTimeDays: 15,
    items: [{ kind: 'task', title: 'Réviser les comptes du trimestre', assigneeRole: 'holder' }],
    ...overrides,
  });
}
