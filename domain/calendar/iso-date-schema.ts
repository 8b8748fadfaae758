import { z } from 'zod';
import { isIsoDate } from './iso-date.ts';

/**
 * A calendar date `YYYY-MM-DD` (a real date; years 1900–2199 so a typo such as `0026-01-30` is
 * refused here rather than computed with). The one schema for dates at the edges (HTTP input,
 * workflow inputs).
 */
export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'Expected a calendar date written YYYY-MM-DD' })
  .refine((value) => value >= '1900-01-01' && value <= '2199-12-31', {
    message: 'Expected a date between 1900-01-01 and 2199-12-31',
  });
