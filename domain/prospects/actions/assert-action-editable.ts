import { AppError } from '../../errors.ts';
import type { ActionView } from './action-view.ts';

/** A done action is locked: it can only be deleted. */
export function assertActionEditable(action: ActionView): void {
  if (action.status === 'done') throw new AppError('conflict', 'This action is done and locked; it can only be deleted', { reason: 'action_done' });
}
