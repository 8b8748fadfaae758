import { AppError } from '../../errors.ts';
import type { FileRow } from './file-view.ts';

/** A signed or lost file is closed: it can be read or deleted, no longer changed. */
export function assertFileOpen(file: FileRow): void {
  if (file.status !== 'in_progress') {
    throw new AppError('conflict', `This file is already ${file.status === 'signed' ? 'signed' : 'lost'}; a closed file can only be deleted`, { reason: `file_${file.status}` });
  }
}
