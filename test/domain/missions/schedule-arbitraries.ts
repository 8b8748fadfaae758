/** fast-check generators of valid line schedules and mission bounds, shared by the mission tests. */
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../../domain/calendar/iso-date.ts';
import { FREQUENCIES, type DeadlineRule, type Frequency, type LineSchedule, type MissionBounds } from '../../../domain/missions/schedule.ts';

/** Any date between `min` and `max`, both included. */
export const dateBetween = (min: IsoDate, max: IsoDate): fc.Arbitrary<IsoDate> =>
  fc.integer({ min: toDayNumber(min), max: toDayNumber(max) }).map(fromDayNumber);

/** Any deadline rule. */
export const deadlineRules: fc.Arbitrary<DeadlineRule> = fc.oneof(
  fc.integer({ min: 1, max: 31 }).map((day): DeadlineRule => ({ kind: 'day-of-month', day })),
  fc.constant<DeadlineRule>({ kind: 'last-day-of-month' }),
  fc.constant<DeadlineRule>({ kind: 'end-of-period' }),
);

/** A valid schedule of the given frequency (weekly lines only get `end-of-period`). */
export const schedulesOf = (frequency: Frequency): fc.Arbitrary<LineSchedule> =>
  fc.record({
    frequency: fc.constant(frequency),
    quantity: frequency === 'one-off' ? fc.integer({ min: 1, max: 5 }) : fc.constant(undefined),
    deadlineRule: frequency === 'weekly' ? fc.constant<DeadlineRule>({ kind: 'end-of-period' }) : deadlineRules,
    firstDeadline: fc.option(dateBetween('2019-06-01', '2031-12-31'), { nil: undefined }),
    leadTimeDays: fc.integer({ min: 0, max: 120 }),
  });

/** A valid schedule of any frequency. */
export const schedules: fc.Arbitrary<LineSchedule> = fc.constantFrom(...FREQUENCIES).chain(schedulesOf);

/** Mission bounds from 2020 to 2030, from one day to about four years long. */
export const missionBounds: fc.Arbitrary<MissionBounds> = fc
  .tuple(dateBetween('2020-01-01', '2030-12-31'), fc.integer({ min: 0, max: 1500 }))
  .map(([startDate, length]) => ({ startDate, endDate: addDays(startDate, length) }));
