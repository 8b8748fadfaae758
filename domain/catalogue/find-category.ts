import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { serviceCategories } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type Category = typeof serviceCategories.$inferSelect;

/** Loads one catalogue category of the organisation, or 404 (also for another organisation's). */
export async function findCategory(db: Db, organisationId: string, categoryId: string): Promise<Category> {
  const [row] = await db
    .select()
    .from(serviceCategories)
    .where(and(eq(serviceCategories.organisationId, organisationId), eq(serviceCategories.id, categoryId)));
  if (!row) throw AppError.notFound('Category');
  return row;
}
