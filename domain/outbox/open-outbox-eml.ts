import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import { AppError } from '../errors.ts';
import { findOutboxEmailRow } from './outbox-email-view.ts';

/**
 * Opens the `.eml` file of an outbox email (RFC 5322, attachments included) for download. 404
 * when the email is not the organisation's, was sent through a provider (no file), or the file
 * is gone. The path comes from the row our own outbox sender wrote, never from the request.
 */
export async function openOutboxEml(db: Db, organisationId: string, emailId: string): Promise<{ stream: Readable; size: number; filename: string }> {
  const row = await findOutboxEmailRow(db, organisationId, emailId);
  if (!row.emlPath) throw new AppError('not_found', 'Cet email n’a pas de fichier .eml (il a été envoyé par le fournisseur)');
  try {
    const stats = await stat(row.emlPath);
    return { stream: createReadStream(row.emlPath), size: stats.size, filename: `${row.id}.eml` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not_found', 'Le fichier .eml de cet email n’existe plus');
    throw error;
  }
}
