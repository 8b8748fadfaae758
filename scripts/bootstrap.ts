/**
 * `npm run bootstrap -- --organisation "Cabinet Dupont" --firm "Dupont Expertise" --email a@b.fr
 *   --first-name Anne --last-name Dupont`: creates an organisation, its first firm, an admin and
 * an API token, and prints the token (shown once). With the embedded PGlite database, stop the
 * service first: PGlite is single-process.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { bootstrapOrganisation } from '../domain/organisations/bootstrap-organisation.ts';

const { values } = parseArgs({
  options: {
    organisation: { type: 'string', default: 'Cabinet Démo' },
    firm: { type: 'string', default: 'Cabinet Démo Expertise' },
    email: { type: 'string', default: 'admin@cabinet-demo.fr' },
    'first-name': { type: 'string', default: 'Camille' },
    'last-name': { type: 'string', default: 'Martin' },
  },
});

const config = loadConfig();
const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.DATA_DIR, 'pglite') });
try {
  await database.migrate();
  const result = await bootstrapOrganisation(database.db, {
    organisationName: values.organisation,
    firmName: values.firm,
    admin: { email: values.email, firstName: values['first-name'], lastName: values['last-name'] },
  });
  process.stdout.write(
    [
      `Organisation: ${result.organisation.name} (${result.organisation.id})`,
      `Firm:         ${result.firm.name} (${result.firm.id})`,
      `Admin:        ${result.admin.firstName} ${result.admin.lastName} <${result.admin.email}> (${result.admin.id})`,
      `Token:        ${result.token}`,
      '',
      'Keep the token: only its hash is stored. Use it as `Authorization: Bearer <token>`.',
      '',
    ].join('\n'),
  );
} finally {
  await database.close();
}
