import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column builders: uuid keys, instants as timestamptz. */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => instant('created_at').notNull().defaultNow();
export const updatedAt = () => instant('updated_at').notNull().defaultNow();
