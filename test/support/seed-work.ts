import type { Db } from '../../db/client.ts';
import { informationRequests, tasks } from '../../db/schema/index.ts';
import type { SeededOrganisation } from './seed.ts';

type TaskValues = typeof tasks.$inferInsert;
type InformationRequestValues = typeof informationRequests.$inferInsert;

/**
 * A task still to do for a client, inserted the way an occurrence's activity inserts it (no
 * history, `occurrence` source unless told otherwise).
 */
export async function seedTodoTask(db: Db, org: SeededOrganisation, clientId: string, overrides: Partial<TaskValues> = {}) {
  const [row] = await db
    .insert(tasks)
    .values({ organisationId: org.organisationId, clientId, source: 'occurrence', title: 'Préparer la déclaration de TVA', dueDate: '2026-03-20', ...overrides })
    .returning();
  return row!;
}

/**
 * An open information request to a client asking for files ("Merci de déposer vos justificatifs
 * de TVA"), inserted the way an occurrence's activity inserts it.
 */
export async function seedOpenInformationRequest(db: Db, org: SeededOrganisation, clientId: string, overrides: Partial<InformationRequestValues> = {}) {
  const [row] = await db
    .insert(informationRequests)
    .values({
      organisationId: org.organisationId,
      clientId,
      title: 'Justificatifs de TVA',
      message: 'Merci de déposer vos justificatifs de TVA',
      expectsFiles: true,
      expectsText: false,
      dueDate: '2026-03-20',
      ...overrides,
    })
    .returning();
  return row!;
}
