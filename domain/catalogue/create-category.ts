import type { Db } from '../../db/client.ts';
import { serviceCategories } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import type { CategoryInput } from './category-input.ts';
import type { Category } from './find-category.ts';

/** Adds a category (comptabilité, juridique, social…) to the organisation's catalogue. */
export async function createCategory(db: Db, actor: Actor, input: CategoryInput): Promise<Category> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(serviceCategories).values({ ...input, organisationId: actor.organisationId }).returning();
    await recordHistory(tx, actor, { type: 'service_category', id: row!.id }, { action: 'create', after: row! });
    return row!;
  });
}
