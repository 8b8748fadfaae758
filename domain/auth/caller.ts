import type { UserRole } from '../../db/schema/index.ts';
import type { Actor } from '../history/record-history.ts';

/** The authenticated staff member a request acts for; every use case is scoped by it. */
export interface Caller {
  organisationId: string;
  userId: string;
  role: UserRole;
  label: string;
}

export function actorOf(caller: Caller): Actor {
  return { kind: 'user', organisationId: caller.organisationId, userId: caller.userId, label: caller.label };
}
