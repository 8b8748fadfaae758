/**
 * How often a mission line recurs. Zod-free on purpose: the workflow bundle imports it, and the
 * SDK evaluates every module of that bundle again for each workflow it creates (see README,
 * "Where the engine's time goes"); the schemas are in schedule.ts.
 */

/** How often a line recurs; `one-off` is a single deadline (with a quantity). */
export const FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'one-off'] as const;

/** `weekly` | `monthly` | `quarterly` | `half-yearly` | `yearly` | `one-off`. */
export type Frequency = (typeof FREQUENCIES)[number];

/** The recurring frequencies and their period length in months (weekly: none, it steps 7 days). */
export const PERIOD_MONTHS = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 } as const satisfies Partial<Record<Frequency, number>>;
