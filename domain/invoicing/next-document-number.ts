import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documentNumberCounters } from '../../db/schema/index.ts';

const prefixes = { invoice: 'F', sales_order: 'CC', quote: 'D' } as const;

/**
 * Takes the next number of a firm's gapless sequence for a year. Must run inside the
 * transaction that stores the numbered document: the upsert locks the counter row until that
 * transaction ends, so concurrent callers queue and never share a number, and a rollback gives
 * the number back (no hole). Returns the number and its printed form (`F-2026-00042`).
 */
export async function nextDocumentNumber(tx: Db, firmId: string, series: keyof typeof prefixes, year: number): Promise<{ sequenceNumber: number; number: string }> {
  const [row] = await tx
    .insert(documentNumberCounters)
    .values({ firmId, series, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [documentNumberCounters.firmId, documentNumberCounters.series, documentNumberCounters.year],
      set: { lastNumber: sql`${documentNumberCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: documentNumberCounters.lastNumber });
  const sequenceNumber = row!.lastNumber;
  return { sequenceNumber, number: `${prefixes[series]}-${year}-${String(sequenceNumber).padStart(5, '0')}` };
}
