import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { issueApiToken } from '../../domain/auth/issue-api-token.ts';
import { bootstrapOrganisation } from '../../domain/organisations/bootstrap-organisation.ts';
import { createUser } from '../../domain/users/create-user.ts';

/**
 * An organisation as a test needs it: a firm, an admin and a collaborator (both with access to
 * the firm and its services), and a token for each.
 */
export async function seedOrganisation(db: Db, name = `Cabinet ${randomBytes(3).toString('hex')}`) {
  const boot = await bootstrapOrganisation(db, {
    organisationName: name,
    firmName: `${name} Expertise`,
    admin: { email: `admin@${name.replace(/\W/g, '').toLowerCase()}.test`, firstName: 'Alice', lastName: 'Admin' },
  });
  const organisationId = boot.organisation.id;
  const collaborator = await createUser(
    db,
    { kind: 'user', organisationId, userId: boot.admin.id, label: 'Alice Admin' },
    {
      email: `collab@${name.replace(/\W/g, '').toLowerCase()}.test`,
      firstName: 'Bruno',
      lastName: 'Collaborateur',
      role: 'collaborator',
      notifyBy: 'email',
      canBeSourceSalesperson: true,
      firmIds: [boot.firm.id],
      services: boot.firm.services,
    },
  );
  const { token: collaboratorToken } = await issueApiToken(db, { organisationId, userId: collaborator.id, name: 'test' });
  return { organisationId, firm: boot.firm, admin: boot.admin, adminToken: boot.token, collaborator, collaboratorToken };
}
export type SeededOrganisation = Awaited<ReturnType<typeof seedOrganisation>>;
