import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { serviceCategories } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { CategoryInput } from './category-input.ts';
import { findCategory, type Category } from './find-category.ts';

/** Renames a catalogue category. */
export async function updateCategory(db: Db, actor: Actor, categoryId: string, patch: Partial<CategoryInput>): Promise<Category> {
  return db.transaction(async (tx) => {
    const before = await findCategory(tx, actor.organisationId, categoryId);
    const [after] = await tx
      .update(serviceCategories)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(serviceCategories.organisationId, actor.organisationId), eq(serviceCategories.id, categoryId)))
      .returning();
    await recordHistory(tx, actor, { type: 'service_category', id: categoryId }, { action: 'update', before, after: after! });
    return after!;
  });
}
