import { expect } from 'vitest';
import type { ApiClient } from './test-app.ts';

export interface CrossOrganisationCase {
  /** Path of one resource of the owner, e.g. `/api/v1/firms/<id>`. */
  resourcePath: string;
  /** A valid update body; the helper sends it with the stranger's token. Omit for read-only resources. */
  update?: { method?: 'PATCH' | 'PUT' | 'POST'; path?: string; body: unknown };
  /** Whether the resource can be deleted through `DELETE resourcePath`. */
  deletable?: boolean;
  /** Further requests (actions on the resource) that must also answer 404 to the stranger. */
  actions?: Array<{ method: string; path: string; body?: unknown }>;
}

/**
 * Proves tenancy for one resource: another organisation's token gets 404 problem+json (never
 * 403, which would confirm the id exists) on read, update, delete and actions, and the owner
 * still reads the resource unchanged afterwards.
 */
export async function expectHiddenFromOtherOrganisations(owner: ApiClient, stranger: ApiClient, spec: CrossOrganisationCase): Promise<void> {
  const before = await owner.get(spec.resourcePath);
  expect(before.status, `owner reads ${spec.resourcePath}`).toBe(200);

  const attempts: Array<{ method: string; path: string; body?: unknown }> = [{ method: 'GET', path: spec.resourcePath }];
  if (spec.update) attempts.push({ method: spec.update.method ?? 'PATCH', path: spec.update.path ?? spec.resourcePath, body: spec.update.body });
  if (spec.deletable !== false) attempts.push({ method: 'DELETE', path: spec.resourcePath });
  attempts.push(...(spec.actions ?? []));

  for (const attempt of attempts) {
    const response = await stranger.send(attempt.method, attempt.path, attempt.body);
    expect(response.status, `${attempt.method} ${attempt.path} by another organisation`).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  }

  const after = await owner.get(spec.resourcePath);
  expect(after.status).toBe(200);
  expect(after.body).toEqual(before.body);
}
