import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { informationRequests, serviceCategories, serviceItems, tasks, users } from '../../db/schema/index.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import type { ServiceItemInput, ServicePatch } from './service-input.ts';

/**
 * Refuses references outside the organisation with 400 naming each field: the category, and
 * the users generated tasks are assigned to (deactivated users included: nobody would do the work).
 */
export async function assertServiceReferences(db: Db, organisationId: string, input: Pick<ServicePatch, 'categoryId' | 'items'>): Promise<void> {
  const problems: FieldProblem[] = [];
  if (input.categoryId) {
    const [category] = await db
      .select({ id: serviceCategories.id })
      .from(serviceCategories)
      .where(and(eq(serviceCategories.organisationId, organisationId), eq(serviceCategories.id, input.categoryId)));
    if (!category) problems.push({ field: 'categoryId', location: 'body', message: 'unknown category' });
  }
  const items = input.items ?? [];
  const userIds = [...new Set(items.flatMap((item) => (item.kind === 'task' && item.assigneeUserId ? [item.assigneeUserId] : [])))];
  if (userIds.length > 0) {
    const known = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.organisationId, organisationId), inArray(users.id, userIds), isNull(users.deactivatedAt)));
    items.forEach((item, index) => {
      if (item.kind === 'task' && item.assigneeUserId && !known.some((user) => user.id === item.assigneeUserId)) {
        problems.push({ field: `items.${index}.assigneeUserId`, location: 'body', message: 'unknown or deactivated user' });
      }
    });
  }
  if (problems.length > 0) throw AppError.invalid(problems);
}

/** The short title of an information request item: the one given, or the start of its message. */
function titleOf(item: ServiceItemInput): string {
  if (item.title) return item.title;
  const firstLine = (item.kind === 'information_request' ? item.message : '').split('\n')[0]!.trim();
  return firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
}

function columnsOf(item: ServiceItemInput, position: number) {
  if (item.kind === 'task') {
    return {
      kind: item.kind,
      position,
      title: item.title,
      assigneeUserId: item.assigneeUserId ?? null,
      assigneeRole: item.assigneeRole ?? null,
      message: null,
      expectsFiles: false,
      expectsText: false,
    };
  }
  return {
    kind: item.kind,
    position,
    title: titleOf(item),
    assigneeUserId: null,
    assigneeRole: null,
    message: item.message,
    expectsFiles: item.expectsFiles,
    expectsText: item.expectsText,
  };
}

/**
 * Makes the service's items exactly `items`, in order. Items sent with their `id` are edited in
 * place, so the tasks and requests they already generated keep pointing at them; items left out
 * are deleted, unless they already generated something (409: archive the service instead).
 */
export async function replaceServiceItems(db: Db, organisationId: string, serviceId: string, items: ServiceItemInput[]): Promise<void> {
  const existing = await db.select().from(serviceItems).where(eq(serviceItems.serviceId, serviceId));
  const problems: FieldProblem[] = [];
  const keptIds = new Set<string>();
  items.forEach((item, index) => {
    if (!item.id) return;
    const current = existing.find((row) => row.id === item.id);
    if (!current) problems.push({ field: `items.${index}.id`, location: 'body', message: 'not an item of this service' });
    else if (keptIds.has(item.id)) problems.push({ field: `items.${index}.id`, location: 'body', message: 'item listed twice' });
    else if (current.kind !== item.kind) {
      problems.push({ field: `items.${index}.kind`, location: 'body', message: 'an existing item keeps its kind; remove it and add a new one' });
    }
    keptIds.add(item.id);
  });
  if (problems.length > 0) throw AppError.invalid(problems);

  const removedIds = existing.filter((row) => !keptIds.has(row.id)).map((row) => row.id);
  if (removedIds.length > 0) {
    const [generatedTask] = await db.select({ id: tasks.id }).from(tasks).where(inArray(tasks.serviceItemId, removedIds)).limit(1);
    const [generatedRequest] = await db
      .select({ id: informationRequests.id })
      .from(informationRequests)
      .where(inArray(informationRequests.serviceItemId, removedIds))
      .limit(1);
    if (generatedTask || generatedRequest) {
      throw new AppError('conflict', 'An item you left out already generated tasks or information requests; keep it (send its id), or archive the service and create a new one');
    }
    await db.delete(serviceItems).where(and(eq(serviceItems.serviceId, serviceId), inArray(serviceItems.id, removedIds)));
  }
  for (const [position, item] of items.entries()) {
    if (item.id) {
      await db.update(serviceItems).set(columnsOf(item, position)).where(eq(serviceItems.id, item.id));
    } else {
      await db.insert(serviceItems).values({ ...columnsOf(item, position), organisationId, serviceId });
    }
  }
}
