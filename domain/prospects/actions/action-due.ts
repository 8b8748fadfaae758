import { addDays } from '../../calendar/iso-date.ts';
import { parisInstant } from '../../calendar/paris-time.ts';

/**
 * The instant an action falls due, which decides both whether a new action is already past
 * (created done) and when its reminder fires: the action's date at its time in Europe/Paris
 * when it has one; otherwise the end of that day (midnight starting the next Paris day), so an
 * action dated today without a time is still to do today.
 */
export function dueInstantOf(action: { dueDate: string; dueTime: string | null }): Date {
  return action.dueTime ? parisInstant(action.dueDate, action.dueTime) : parisInstant(addDays(action.dueDate, 1));
}

/** A new action whose due instant has passed is created done (and locked). */
export function isPastAction(action: { dueDate: string; dueTime: string | null }, now: Date): boolean {
  return dueInstantOf(action).getTime() <= now.getTime();
}
