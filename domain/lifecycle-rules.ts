/**
 * What every lifecycle table (missions, quotes) shares: a command runs from some statuses, and in
 * others it has already run, so asking again is answered without a change (a retried request,
 * a duplicate webhook). Each lifecycle module keeps its own table, messages and reasons.
 */
export interface CommandRule<S extends string> {
  /** Statuses the command may run from. */
  readonly from: readonly S[];
  /** Statuses in which the command is already done. */
  readonly done: readonly S[];
}

/** `mayRun` and `isDone` over one lifecycle table. */
export function commandChecks<S extends string, C extends string>(table: Readonly<Record<C, CommandRule<S>>>) {
  return {
    /** True when `command` may run from `status`. */
    mayRun: (command: C, status: S): boolean => table[command].from.includes(status),
    /** True when `command` already ran and asking again is answered without a change. */
    isDone: (command: C, status: S): boolean => table[command].done.includes(status),
  };
}
