import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { prospectFileMissions } from '../../../db/schema/index.ts';
import type { FileMission } from './file-view.ts';

/** Replaces a file's missions with `missions`, in order. */
export async function replaceFileMissions(db: Db, organisationId: string, fileId: string, missions: FileMission[]): Promise<void> {
  await db.delete(prospectFileMissions).where(eq(prospectFileMissions.fileId, fileId));
  if (missions.length > 0) {
    await db.insert(prospectFileMissions).values(missions.map((mission, position) => ({ ...mission, position, fileId, organisationId })));
  }
}
