import type { MissionStatus } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

/** Statuses in which a mission waits for its engagement letter to be signed. */
export const unsignedStatuses: readonly MissionStatus[] = ['validated', 'awaiting_signature'];

/** Statuses a mission never leaves. */
export const closedStatuses: readonly MissionStatus[] = ['finished', 'cancelled'];

/** Refuses with 409 when the mission is not in one of the `allowed` statuses. */
export function assertStatus(mission: { status: MissionStatus }, allowed: readonly MissionStatus[], action: string): void {
  if (!allowed.includes(mission.status)) {
    throw new AppError('conflict', `The mission is ${mission.status.replace('_', ' ')}; it cannot be ${action}`, { status: mission.status });
  }
}
