import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { firmSignatureSettings, firms } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';

export type FirmSignatureSettingsRow = typeof firmSignatureSettings.$inferSelect;

/** A firm's defaults until an administrator changes them: requests open 30 days, reminders every 7 days. */
export const DEFAULT_SIGNATURE_SETTINGS = { expiresInDays: 30, reminderIntervalDays: 7 } as const;

/** How long a firm's signature requests stay open and how often unsigned signers are reminded. */
export async function getFirmSignatureSettings(db: Db, organisationId: string, firmId: string): Promise<FirmSignatureSettingsRow> {
  const [firm] = await db.select({ id: firms.id }).from(firms).where(and(eq(firms.organisationId, organisationId), eq(firms.id, firmId)));
  if (!firm) throw AppError.notFound('Firm');
  const [row] = await db.select().from(firmSignatureSettings).where(eq(firmSignatureSettings.firmId, firmId));
  return row ?? { firmId, organisationId, ...DEFAULT_SIGNATURE_SETTINGS, updatedAt: new Date(0) };
}

/** Changes a firm's signature settings (admin); absent fields stay as they are. */
export async function saveFirmSignatureSettings(
  db: Db,
  actor: Actor,
  firmId: string,
  input: { expiresInDays?: number | undefined; reminderIntervalDays?: number | undefined },
): Promise<FirmSignatureSettingsRow> {
  return db.transaction(async (tx) => {
    const before = await getFirmSignatureSettings(tx, actor.organisationId, firmId);
    const values = {
      firmId,
      organisationId: actor.organisationId,
      expiresInDays: input.expiresInDays ?? before.expiresInDays,
      reminderIntervalDays: input.reminderIntervalDays ?? before.reminderIntervalDays,
    };
    const [row] = await tx.insert(firmSignatureSettings).values(values).onConflictDoUpdate({ target: firmSignatureSettings.firmId, set: { ...values, updatedAt: new Date() } }).returning();
    await recordHistory(tx, actor, { type: 'firm_signature_settings', id: firmId }, { action: 'update', before, after: row! });
    return row!;
  });
}
