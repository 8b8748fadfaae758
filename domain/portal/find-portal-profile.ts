import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { clientContacts } from '../../db/schema/index.ts';
import type { PortalCaller } from './portal-caller.ts';

/** Who is signed in on the portal: their client's name and their own contact details. */
export interface PortalProfile {
  client: { id: string; name: string };
  contact: { id: string; civility: 'M.' | 'Mme' | null; firstName: string; lastName: string; email: string | null; mobile: string | null };
}

/** Reads the portal's "me": the client and the contact the token belongs to. */
export async function findPortalProfile(db: Db, caller: PortalCaller): Promise<PortalProfile> {
  const [contact] = await db
    .select({
      id: clientContacts.id,
      civility: clientContacts.civility,
      firstName: clientContacts.firstName,
      lastName: clientContacts.lastName,
      email: clientContacts.email,
      mobile: clientContacts.mobile,
    })
    .from(clientContacts)
    .where(eq(clientContacts.id, caller.contactId));
  return { client: { id: caller.clientId, name: caller.clientName }, contact: contact! };
}
