import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { documentFolders } from '../../db/schema/index.ts';
import { AppError } from '../errors.ts';

export type FolderRow = typeof documentFolders.$inferSelect;

/** A folder as staff see it: whether the client sees it follows from it and its ancestors. */
export type FolderView = FolderRow & {
  /** True when this folder and every folder above it are shared: the client sees it. */
  visibleToClient: boolean;
};

/**
 * Which folders of one client the client sees: a shared folder whose parent is visible (a
 * top-level shared folder is). Unsharing a folder hides its whole subtree, whatever the flags
 * below it say, so the portal always shows a tree rooted at top-level shared folders.
 */
export function visibleFolderIds(folders: readonly FolderRow[]): Set<string> {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const memo = new Map<string, boolean>();
  const visible = (folder: FolderRow, depth: number): boolean => {
    const known = memo.get(folder.id);
    if (known !== undefined) return known;
    // The tree has no cycles (folders are never re-parented); the depth bound only guards that invariant.
    const parent = folder.parentId ? byId.get(folder.parentId) : undefined;
    const result = folder.sharedWithClient && depth < 100 && (folder.parentId === null || (parent !== undefined && visible(parent, depth + 1)));
    memo.set(folder.id, result);
    return result;
  };
  return new Set(folders.filter((folder) => visible(folder, 0)).map((folder) => folder.id));
}

/** Every folder of one client of the organisation, ordered by name. */
export async function clientFolders(db: Db, organisationId: string, clientId: string): Promise<FolderRow[]> {
  return db
    .select()
    .from(documentFolders)
    .where(and(eq(documentFolders.organisationId, organisationId), eq(documentFolders.clientId, clientId)))
    .orderBy(documentFolders.name, documentFolders.id);
}

/** Adds `visibleToClient` to folders of one client, given all of that client's folders. */
export function withVisibility(folders: readonly FolderRow[], allOfClient: readonly FolderRow[]): FolderView[] {
  const visible = visibleFolderIds(allOfClient);
  return folders.map((folder) => ({ ...folder, visibleToClient: visible.has(folder.id) }));
}

/**
 * Loads a folder of a client of the organisation, or 404 — also when it belongs to another
 * client or organisation. `forUpdate` locks the row for the transaction (uploads into the folder
 * and its deletion serialise on it).
 */
export async function findFolderRow(db: Db, organisationId: string, clientId: string, folderId: string, options: { forUpdate?: boolean } = {}): Promise<FolderRow> {
  const query = db
    .select()
    .from(documentFolders)
    .where(and(eq(documentFolders.organisationId, organisationId), eq(documentFolders.clientId, clientId), eq(documentFolders.id, folderId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('not_found', 'Dossier introuvable');
  return row;
}

/** One folder with its visibility to the client. */
export async function findFolder(db: Db, organisationId: string, clientId: string, folderId: string): Promise<FolderView> {
  const row = await findFolderRow(db, organisationId, clientId, folderId);
  const [view] = withVisibility([row], await clientFolders(db, organisationId, clientId));
  return view!;
}

/** Whether a Postgres error is the violation of the named unique constraint. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current = error as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.code === '23505' && (current.constraint_name === constraint || current.constraint === constraint)) return true;
  }
  return false;
}
