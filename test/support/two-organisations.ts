import { afterAll } from 'vitest';
import type { AppDeps } from '../../api/context.ts';
import type { Database } from '../../db/client.ts';
import { seedOrganisation } from './seed.ts';
import { apiClient, createTestApp } from './test-app.ts';
import { createTestDatabase } from './test-database.ts';

/**
 * The fixture of an API test file: a fresh database, the real app over it, and two
 * organisations — Acme (whose admin and collaborator the tests act as) and Other (whose admin
 * is the stranger who must get 404 on Acme's resources). Call it at the top of the file:
 *
 *   const { database, app, acme, admin, collaborator, stranger } = await twoOrganisations();
 *
 * The database closes after the file's tests. `app` passes dependencies to the app (given the
 * database when they need it, e.g. an outbox store); they come back as `deps`, typed as given.
 */
export async function twoOrganisations<Deps extends Partial<AppDeps> = Partial<AppDeps>>(
  options: { app?: Deps | ((database: Database) => Deps | Promise<Deps>) } = {},
) {
  const database = await createTestDatabase();
  afterAll(async () => database.close());
  const deps = (typeof options.app === 'function' ? await options.app(database) : (options.app ?? {})) as Deps;
  const app = createTestApp(database, deps);
  const acme = await seedOrganisation(database.db, 'Acme');
  const other = await seedOrganisation(database.db, 'Other');
  return {
    database,
    app,
    deps,
    acme,
    other,
    /** Acme's admin. */
    admin: apiClient(app, acme.adminToken),
    /** Acme's collaborator. */
    collaborator: apiClient(app, acme.collaboratorToken),
    /** Other's admin: must never see Acme's resources. */
    stranger: apiClient(app, other.adminToken),
  };
}
export type TwoOrganisations = Awaited<ReturnType<typeof twoOrganisations>>;
