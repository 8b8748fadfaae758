import { expect } from 'vitest';
import type { SeededOrganisation } from '../support/seed.ts';
import type { ApiClient } from '../support/test-app.ts';

/** Two firm lines (20 % and 5,5 %) and one optional line the client may add online. */
export const QUOTE_LINES = [
  { label: 'Tenue de la comptabilité', quantity: 12, unitPriceCents: 25_000, vatRate: 20 },
  { label: 'Bilan et liasse fiscale', quantity: 1, unitPriceCents: 96_000, vatRate: 20, discountPercent: 10 },
  { label: 'Ouvrage « Guide fiscal »', quantity: 2, unitPriceCents: 3_999, vatRate: 5.5, nature: 'goods' },
  { label: 'Option : déclaration IFI', quantity: 1, unitPriceCents: 30_000, vatRate: 20, optional: true },
];

/** A draft quote for one of the organisation's clients, created from the quote list. */
export async function seedDraftQuote(api: ApiClient, clientId: string, overrides: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/quotes', { account: { kind: 'client', id: clientId }, lines: QUOTE_LINES, ...overrides });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; [key: string]: any };
}

/** A quote sent once (numbered). */
export async function seedSentQuote(api: ApiClient, clientId: string, overrides: Record<string, unknown> = {}) {
  const draft = await seedDraftQuote(api, clientId, overrides);
  const response = await api.post(`/api/v1/quotes/${draft.id}/send`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { id: string; number: string; [key: string]: any };
}

export type { SeededOrganisation };
