import type { FileStage } from '../../../db/schema/index.ts';

/** Win probability of each stage (étape), in percent. */
export const stageProbability: Record<FileStage, number> = {
  suspect: 5,
  qualified: 20,
  evaluated: 50,
  negotiation: 75,
  won: 99,
};

/** Service types whose files list the missions of the chosen contract type, each with an executor. */
export const servicesWithMissions = ['accounting', 'legal'] as const;
