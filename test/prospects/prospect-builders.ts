import { expect } from 'vitest';
import type { SeededOrganisation } from '../support/seed.ts';
import type { ApiClient } from '../support/test-app.ts';

/** A valid prospect body for the organisation, its salespeople being the seeded collaborator. */
export function prospectBody(org: SeededOrganisation, overrides: Record<string, unknown> = {}) {
  return {
    companyName: 'Boulangerie Dupont',
    source: 'Salon',
    sourceSalespersonId: org.collaborator.id,
    operationalSalespersonId: org.collaborator.id,
    ...overrides,
  };
}

/** Creates a prospect through the API and returns it. */
export async function seedProspect(api: ApiClient, org: SeededOrganisation, overrides: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/prospects', prospectBody(org, overrides));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; [key: string]: any };
}

/** Adds a new contact to a prospect and returns it. */
export async function seedContact(api: ApiClient, prospectId: string, overrides: Record<string, unknown> = {}) {
  const response = await api.post(`/api/v1/prospects/${prospectId}/contacts`, { firstName: 'Claire', lastName: 'Martin', email: 'claire.martin@example.fr', ...overrides });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; isPreferred: boolean; [key: string]: any };
}

/** Opens a file on a prospect and returns it. */
export async function seedFile(api: ApiClient, prospectId: string, overrides: Record<string, unknown> = {}) {
  const response = await api.post(`/api/v1/prospects/${prospectId}/files`, { serviceType: 'accounting', clientType: 'company', ...overrides });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; [key: string]: any };
}

/** A win or loss reason of the organisation (created by its admin). */
export async function seedReason(admin: ApiClient, kind: 'win' | 'loss', label: string) {
  const response = await admin.post('/api/v1/prospect-reasons', { kind, label });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string };
}

/** A prospect ready to be converted: a contact, and an accounting file with a template and an offer. */
export async function seedConvertibleProspect(api: ApiClient, org: SeededOrganisation, overrides: Record<string, unknown> = {}) {
  const prospect = await seedProspect(api, org, overrides);
  const contact = await seedContact(api, prospect.id);
  const file = await seedFile(api, prospect.id, { firmId: org.firm.id, holderUserId: org.collaborator.id, letterTemplateKey: 'standard', offerAmountCents: 240_000 });
  return { prospect, contact, file };
}

/** An ISO date `days` from today (UTC is close enough for dates a week away or more). */
export function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
