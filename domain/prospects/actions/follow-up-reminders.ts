/**
 * The port through which the follow-up use cases arm and cancel the overdue reminder of a "to
 * do" action (a durable timer on Temporal in production). Called after the change is committed;
 * the reminder itself re-reads the action before sending, so a lost cancellation never sends a
 * wrong email.
 */
export interface FollowUpReminders {
  /** Arms the reminder of a to-do action, or re-arms it at a new due instant. */
  schedule(reminder: { organisationId: string; actionId: string; dueAt: Date }): Promise<void>;
  /** Stops the reminder of an action that was done or deleted. */
  cancel(reminder: { actionId: string; reason: 'done' | 'deleted' }): Promise<void>;
}
