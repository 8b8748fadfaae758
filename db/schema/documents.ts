import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { bigint, boolean, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { createdAt, id, updatedAt } from './columns.ts';
import { organisations, users } from './organisations.ts';

/**
 * A folder of a client's document store (GED). Folders form a tree per client; a folder is
 * shared with the client or not, and the client sees a folder only when it and every folder
 * above it are shared (domain/documents/folder-visibility.ts).
 */
export const documentFolders = pgTable(
  'document_folders',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
    /** Null for a top-level folder. A folder with subfolders or documents cannot be deleted. */
    parentId: uuid('parent_id').references((): AnyPgColumn => documentFolders.id),
    name: text('name').notNull(),
    sharedWithClient: boolean('shared_with_client').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // NULLS NOT DISTINCT: two top-level folders of one client cannot share a name either.
    unique('document_folders_name_key').on(t.clientId, t.parentId, t.name).nullsNotDistinct(),
    index('document_folders_organisation_idx').on(t.organisationId, t.clientId),
  ],
);

/**
 * One version of a document. Uploading a file under a name that already exists in the folder
 * adds the next version; every version stays readable. The bytes live in the document storage
 * under `storageKey`; the row keeps what is needed to serve and check them.
 */
export const documents = pgTable(
  'documents',
  {
    id: id(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    clientId: uuid('client_id').notNull().references(() => clients.id, { onDelete: 'cascade' }),
    folderId: uuid('folder_id').notNull().references(() => documentFolders.id),
    name: text('name').notNull(),
    mediaType: text('media_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Lowercase hexadecimal SHA-256 of the bytes. */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    version: integer('version').notNull(),
    /** The staff member who uploaded it; null when the system or the client did. */
    authorUserId: uuid('author_user_id').references(() => users.id),
    authorLabel: text('author_label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('documents_version_key').on(t.folderId, t.name, t.version),
    index('documents_organisation_idx').on(t.organisationId, t.clientId),
  ],
);
