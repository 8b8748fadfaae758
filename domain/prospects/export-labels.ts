import type { ActionType, ProspectClientType, ProspectStatus } from '../../db/schema/index.ts';

/** French labels shown to users (Excel export, emails). */
export const actionTypeLabels: Record<ActionType, string> = {
  first_contact: '1er contact',
  other: 'Autre',
  request: 'Demande',
  quote_request: 'Demande devis',
  failure: 'Echec',
  template_mail: 'Mail type',
  voicemail: 'Messagerie',
  prospect_change: 'Modification Prospect',
  proposal: 'Proposition',
  follow_up: 'Relance',
  meeting: 'Rendez-vous',
  answer_questions: 'Répondre aux questions',
};

export const clientTypeLabels: Record<ProspectClientType, string> = {
  company: 'Société',
  sole_trader: 'Entrepreneur individuel',
  individual: 'Particulier',
  association: 'Association',
  property_company: 'SCI',
  other: 'Autre',
};

export const prospectStatusLabels: Record<ProspectStatus, string> = {
  in_progress: 'En cours',
  signed: 'Signé',
  lost: 'Perdu',
};
