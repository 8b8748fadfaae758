import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmQuoteSettings, firms } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { Actor } from '../history/record-history.ts';
import { recordHistory } from '../history/record-history.ts';

export type QuoteSettings = Omit<typeof firmQuoteSettings.$inferSelect, 'updatedAt'>;

/** The defaults of a firm that never saved its quote settings. */
export const DEFAULT_QUOTE_SETTINGS = { validityDays: 30, reminderDays: [7, 14], eSignatureEnabled: false, legalMentions: null } as const;

/** A firm's quote settings (validity, reminder days, e-signature, legal mentions), defaults when never saved. */
export async function findQuoteSettings(db: Db, organisationId: string, firmId: string): Promise<QuoteSettings> {
  const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
  const [row] = await db.select().from(firmQuoteSettings).where(eq(firmQuoteSettings.firmId, firmId));
  return row ?? { firmId, organisationId, ...DEFAULT_QUOTE_SETTINGS, reminderDays: [...DEFAULT_QUOTE_SETTINGS.reminderDays] };
}

/** Replaces a firm's quote settings (admins; `PUT /firms/{id}/quote-settings`). */
export async function saveQuoteSettings(db: Db, actor: Actor, firmId: string, input: Omit<QuoteSettings, 'firmId' | 'organisationId'>): Promise<QuoteSettings> {
  return db.transaction(async (tx) => {
    const before = await findQuoteSettings(tx, actor.organisationId, firmId);
    const values = { ...input, reminderDays: [...new Set(input.reminderDays)].sort((a, b) => a - b) };
    const [row] = await tx
      .insert(firmQuoteSettings)
      .values({ firmId, organisationId: actor.organisationId, ...values })
      .onConflictDoUpdate({ target: firmQuoteSettings.firmId, set: { ...values, updatedAt: new Date() } })
      .returning();
    const { updatedAt: _updatedAt, ...after } = row!;
    await recordHistory(tx, actor, { type: 'firm_quote_settings', id: firmId }, { action: 'update', before, after });
    return after;
  });
}
