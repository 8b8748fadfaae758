import { z } from 'zod';

/** Fields of a task staff may set, without defaults, so a PATCH only touches what it names. */
const taskFields = {
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(10_000).nullish(),
  assigneeUserId: z.uuid().nullish(),
  dueDate: z.iso.date().nullish(),
};

/** A task staff create by hand for a client, optionally within one of its missions. */
export const taskInputSchema = z.object({
  clientId: z.uuid(),
  missionId: z.uuid().nullish(),
  ...taskFields,
});
export type TaskInput = z.infer<typeof taskInputSchema>;

/** A change of a task's title, description, assignee or due date (reviewing a client's request, reassigning…). */
export const taskPatchSchema = z.object(taskFields).partial();
export type TaskPatch = z.infer<typeof taskPatchSchema>;
