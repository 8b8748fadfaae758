import type { Db } from '../../db/client.ts';
import { organisations, type ServiceType } from '../../db/schema/index.ts';
import { issueApiToken } from '../auth/issue-api-token.ts';
import { createFirm } from '../firms/create-firm.ts';
import type { Actor } from '../history/record-history.ts';
import { recordHistory } from '../history/record-history.ts';
import { createUser } from '../users/create-user.ts';

export interface BootstrapInput {
  organisationName: string;
  firmName: string;
  firmServices?: ServiceType[];
  admin: { email: string; firstName: string; lastName: string };
}

/**
 * Creates an organisation, its first firm and an admin with an API token — the starting point
 * of every installation (`npm run bootstrap`) and of every test.
 */
export async function bootstrapOrganisation(db: Db, input: BootstrapInput) {
  return db.transaction(async (tx) => {
    const [organisation] = await tx.insert(organisations).values({ name: input.organisationName }).returning();
    const system: Actor = { kind: 'system', organisationId: organisation!.id, label: 'bootstrap' };
    await recordHistory(tx, system, { type: 'organisation', id: organisation!.id }, { action: 'create', after: organisation! });
    const firm = await createFirm(tx, system, { name: input.firmName, services: input.firmServices ?? ['accounting', 'legal', 'payroll', 'tax'] });
    const admin = await createUser(tx, system, {
      ...input.admin,
      role: 'admin',
      notifyBy: 'email',
      canBeSourceSalesperson: true,
      firmIds: [firm.id],
      services: firm.services,
    });
    const { token } = await issueApiToken(tx, { organisationId: organisation!.id, userId: admin.id, name: 'bootstrap' });
    return { organisation: organisation!, firm, admin, token };
  });
}
