import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { catalogueServices, serviceCategories } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { findCategory } from './find-category.ts';

/** Deletes an empty catalogue category; one that still holds services (archived included) is a 409. */
export async function deleteCategory(db: Db, actor: Actor, categoryId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await findCategory(tx, actor.organisationId, categoryId);
    const [usage] = await tx.select({ n: count() }).from(catalogueServices).where(eq(catalogueServices.categoryId, categoryId));
    if ((usage?.n ?? 0) > 0) throw new AppError('conflict', 'The category still holds services; move or delete them first');
    await tx.delete(serviceCategories).where(and(eq(serviceCategories.organisationId, actor.organisationId), eq(serviceCategories.id, categoryId)));
    await recordHistory(tx, actor, { type: 'service_category', id: categoryId }, { action: 'delete', before });
  });
}
