import { z } from 'zod';

/**
 * A folder or document name as staff type it: trimmed, 1–255 characters, no `/` or `\` (the path
 * separator of the tree and of the downloaded file), no control characters.
 */
export const itemNameSchema = z
  .string()
  .trim()
  .min(1, 'ne peut pas être vide')
  .max(255, 'ne peut pas dépasser 255 caractères')
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name), 'ne peut contenir ni « / », ni « \\ », ni caractère de contrôle')
  .refine((name) => name !== '.' && name !== '..', 'n’est pas un nom valide');

/** What staff set when creating a folder. */
export const folderInputSchema = z.object({
  name: itemNameSchema,
  /** The folder to create it in; top level when absent. */
  parentId: z.uuid().nullish(),
  sharedWithClient: z.boolean().default(false),
});
export type FolderInput = z.infer<typeof folderInputSchema>;

/** What staff may change on a folder: its name, and whether it is shared with the client. */
export const folderPatchSchema = z
  .object({ name: itemNameSchema, sharedWithClient: z.boolean() })
  .partial()
  .refine((patch) => patch.name !== undefined || patch.sharedWithClient !== undefined, 'indiquez name ou sharedWithClient');
export type FolderPatch = z.infer<typeof folderPatchSchema>;
