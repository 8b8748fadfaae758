/**
 * The schedule of a mission line (a service sold within a mission): how often it recurs, which day
 * of the period its deadline falls on, where the series starts and how long before each deadline
 * its tasks and information requests are created. Zod schemas and types shared by the API and by
 * Temporal workflows (pure: no I/O, no clock).
 */
import { z } from 'zod';
import type { IsoDate } from '../calendar/iso-date.ts';
import { IsoDateSchema } from '../calendar/iso-date-schema.ts';
import { FREQUENCIES } from './frequencies.ts';

export type { IsoDate } from '../calendar/iso-date.ts';

export { FREQUENCIES, PERIOD_MONTHS, type Frequency } from './frequencies.ts';

/** Validates a {@link Frequency}. */
export const FrequencySchema = z.enum(FREQUENCIES);

/**
 * Which day of a period a deadline falls on:
 * - `day-of-month`: that day of the month, clamped to the month's last day (31 → 30 in April,
 *   30 → 28 or 29 in February);
 * - `last-day-of-month`: the month's last day;
 * - `end-of-period`: the last day of the line's calendar period — the Sunday ending the ISO week,
 *   the month, the quarter (31 Mar, 30 Jun, 30 Sep, 31 Dec), the half-year (30 Jun, 31 Dec), the
 *   year (31 Dec); for a one-off line, the mission's end date.
 * Weekends and holidays are then moved to the previous business day (see compute-deadlines.ts).
 */
export const DeadlineRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('day-of-month'),
    day: z.int().min(1, 'The deadline day is between 1 and 31').max(31, 'The deadline day is between 1 and 31'),
  }),
  z.object({ kind: z.literal('last-day-of-month') }),
  z.object({ kind: z.literal('end-of-period') }),
]);

/** See {@link DeadlineRuleSchema}. */
export type DeadlineRule = z.infer<typeof DeadlineRuleSchema>;

/**
 * A line's schedule.
 * - `frequency`, `deadlineRule`: see {@link FrequencySchema}, {@link DeadlineRuleSchema}; weekly
 *   lines only accept `end-of-period` (their deadline is the Sunday of each week).
 * - `quantity`: required (integer ≥ 1) on one-off lines, where it is informational (how many units
 *   were sold; still one deadline); refused on recurring lines.
 * - `firstDeadline` ("1ʳᵉ échéance"): where the series starts — the first deadline is the first date
 *   produced by the rule on or after it. Omitted, it defaults from the mission start date. On a
 *   one-off line it is the deadline itself.
 * - `leadTimeDays` ("délai de création avant l'échéance"): calendar days between the creation of an
 *   occurrence's tasks / information requests and its deadline (integer ≥ 0).
 */
export const LineScheduleSchema = z
  .object({
    frequency: FrequencySchema,
    quantity: z.int().min(1, 'The quantity is at least 1').optional(),
    deadlineRule: DeadlineRuleSchema,
    firstDeadline: IsoDateSchema.optional(),
    leadTimeDays: z.int().min(0, 'The lead time is 0 days or more'),
  })
  .superRefine((line, ctx) => {
    if (line.frequency === 'weekly' && line.deadlineRule.kind !== 'end-of-period') {
      ctx.addIssue({
        code: 'custom',
        path: ['deadlineRule'],
        message: `A weekly line's deadline is the end of each week: use the "end-of-period" rule, not "${line.deadlineRule.kind}"`,
      });
    }
    if (line.frequency === 'one-off' && line.quantity === undefined) {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'A one-off line needs a quantity (1 or more)' });
    }
    if (line.frequency !== 'one-off' && line.quantity !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['quantity'],
        message: 'A quantity only applies to one-off lines; a recurring line has one occurrence per period',
      });
    }
  });

/** See {@link LineScheduleSchema}. */
export type LineSchedule = z.infer<typeof LineScheduleSchema>;

/** A mission's period, both days included; the end date is on or after the start date. */
export const MissionBoundsSchema = z
  .object({ startDate: IsoDateSchema, endDate: IsoDateSchema })
  .refine((bounds) => bounds.endDate >= bounds.startDate, {
    path: ['endDate'],
    message: 'The mission ends on or after its start date',
  });

/** See {@link MissionBoundsSchema}. */
export interface MissionBounds {
  startDate: IsoDate;
  endDate: IsoDate;
}
