import type { Db } from '../../db/client.ts';
import { missionLines, missions } from '../../db/schema/index.ts';
import { recordHistory, type Actor } from '../history/record-history.ts';
import { assertMissionReferences } from './mission-references.ts';
import type { MissionInput, MissionLineInput } from './mission-input.ts';
import { findMission, type MissionLineRow, type MissionView } from './mission-view.ts';

/**
 * The rows of new lines, in input order: lines list by creation time, and rows inserted by one
 * statement share it, so each line is stamped one millisecond after the previous one.
 */
export function lineRows(lines: MissionLineInput[], ids: { organisationId: string; missionId: string }, base = new Date()) {
  return lines.map((line, index) => ({ ...lineColumns(line), ...ids, createdAt: new Date(base.getTime() + index), updatedAt: base }));
}

/** The columns of a line row from its input (quantity 1 on recurring lines). */
export function lineColumns(line: MissionLineInput) {
  return {
    serviceId: line.serviceId,
    priceCents: line.priceCents ?? null,
    frequency: line.frequency,
    quantity: line.quantity ?? 1,
    deadlineRule: line.deadlineRule,
    firstDeadline: line.firstDeadline ?? null,
    leadTimeDays: line.leadTimeDays ?? null,
  };
}

/** The input a stored line would have been created from (to re-check it against new bounds). */
export function lineInputOf(line: MissionLineRow): MissionLineInput {
  return {
    serviceId: line.serviceId,
    priceCents: line.priceCents,
    frequency: line.frequency,
    ...(line.frequency === 'one-off' ? { quantity: line.quantity } : {}),
    deadlineRule: line.deadlineRule,
    ...(line.firstDeadline !== null ? { firstDeadline: line.firstDeadline } : {}),
    leadTimeDays: line.leadTimeDays,
  };
}

/**
 * Creates a draft mission for a client with its service lines. Nothing is planned yet: the
 * mission's workflow starts waiting for validation and signature (the API starts it right after
 * this commits). The assignee defaults to the client file's holder, the firm to the client's.
 */
export async function createMission(db: Db, actor: Actor, input: MissionInput, options: { id?: string } = {}): Promise<MissionView> {
  return db.transaction(async (tx) => {
    const client = await assertMissionReferences(tx, actor.organisationId, input, input.lines);
    const { lines, ...fields } = input;
    const [row] = await tx
      .insert(missions)
      .values({
        ...(options.id ? { id: options.id } : {}),
        ...fields,
        organisationId: actor.organisationId,
        firmId: fields.firmId ?? client?.firmId ?? null,
        assigneeUserId: fields.assigneeUserId ?? client?.holderUserId ?? null,
      })
      .returning();
    if (lines.length > 0) {
      await tx.insert(missionLines).values(lineRows(lines, { organisationId: actor.organisationId, missionId: row!.id }));
    }
    const view = await findMission(tx, actor.organisationId, row!.id);
    await recordHistory(tx, actor, { type: 'mission', id: row!.id }, { action: 'create', after: view });
    return view;
  });
}
