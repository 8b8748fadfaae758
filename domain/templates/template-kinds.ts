/**
 * The firm-editable texts and what each one may say.
 *
 * A template kind is one editable text: a paragraph of the engagement letter (seed 000: title,
 * subtitle, object, objectives, nature of the mission, types of needs, legal mentions) or the
 * subject or body of an email the product sends on the firm's behalf (seed 002: quote sent,
 * quote reminder; plus information requests and engagement letters to sign). Each kind declares
 * the variables a firm may use — with French sample values that double as preview data — and the
 * links it must keep: seed 002 warns firms not to break the online-quote link; here a body
 * without its link cannot be saved (see `validate-template.ts`).
 *
 * Texts are Liquid over plain text, never HTML: the letter and the email layout escape the
 * rendered text and turn blank-line-separated blocks into paragraphs and `- ` lines into lists
 * (`text-blocks.ts`), so a firm can neither inject markup nor break the layout.
 */

/** A value a template can print or loop over. Lists hold flat records (`{% for s in mission.services %}`). */
export type TemplateValue = string | number | boolean | readonly TemplateRecord[];

/** One item of a list variable, e.g. a service line of a mission. */
export interface TemplateRecord {
  readonly [field: string]: string | number | boolean;
}

/** A variable a template kind offers, as the firm writes it (`{{ quote.url }}`). */
export interface TemplateVariable {
  /** Dotted path, snake_case segments like Shopify's Liquid: `firm.vat_number`. */
  readonly path: string;
  /** What it holds, in French, for the template editor's help panel. */
  readonly description: string;
  /** French sample value used by previews and by the save-time trial render. */
  readonly sample: TemplateValue;
}

/** Where a kind's text ends up, which decides how it is rendered and checked. */
export type TemplateChannel = 'letter' | 'email-subject' | 'email-body';

/** Everything the editor, the validator and the renderer need to know about one kind. */
export interface TemplateKindDefinition {
  readonly kind: TemplateKind;
  /** French label shown in the firm's settings. */
  readonly label: string;
  readonly channel: TemplateChannel;
  /** Single-line kinds (titles, subjects) have their whitespace collapsed when rendered. */
  readonly singleLine: boolean;
  /** Maximum length of the source text, in characters. */
  readonly maxLength: number;
  readonly variables: readonly TemplateVariable[];
  /** Paths that must be printed as is (`{{ quote.url }}`) in every rendering of the text. */
  readonly requiredLinks: readonly string[];
}

/** Every editable kind, letter paragraphs first, in the order the settings screen lists them. */
export const TEMPLATE_KINDS = [
  'letter.title',
  'letter.subtitle',
  'letter.object',
  'letter.objectives',
  'letter.nature',
  'letter.needs',
  'letter.legal-mentions',
  'email.quote-sent.subject',
  'email.quote-sent.body',
  'email.quote-reminder.subject',
  'email.quote-reminder.body',
  'email.information-request.subject',
  'email.information-request.body',
  'email.mission-letter.subject',
  'email.mission-letter.body',
] as const;

/** The name of an editable text, stable in the database and the API. */
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The seven paragraphs of the engagement letter, in the order they are printed. */
export const LETTER_PARAGRAPH_KINDS = [
  'letter.title',
  'letter.subtitle',
  'letter.object',
  'letter.objectives',
  'letter.nature',
  'letter.needs',
  'letter.legal-mentions',
] as const satisfies readonly TemplateKind[];

/** One of the engagement letter's paragraphs. */
export type LetterParagraphKind = (typeof LETTER_PARAGRAPH_KINDS)[number];

const firmVariables: readonly TemplateVariable[] = [
  { path: 'firm.name', description: 'Dénomination du cabinet', sample: 'Cabinet Lefèvre & Associés' },
  { path: 'firm.legal_form', description: 'Forme juridique et capital', sample: 'SAS au capital de 50 000 €' },
  { path: 'firm.address', description: 'Adresse du siège', sample: '12 rue de la République, 69002 Lyon' },
  { path: 'firm.rcs', description: 'Immatriculation au RCS', sample: 'RCS Lyon 552 100 554' },
  {
    path: 'firm.order_registration',
    description: "Inscription au tableau de l'Ordre des experts-comptables",
    sample: "Inscrite au tableau de l'Ordre des experts-comptables de la région Auvergne-Rhône-Alpes",
  },
  { path: 'firm.vat_number', description: 'Numéro de TVA intracommunautaire', sample: 'FR 40 552 100 554' },
  { path: 'firm.phone', description: 'Téléphone du cabinet', sample: '04 78 00 00 00' },
  { path: 'firm.email', description: 'Adresse email du cabinet', sample: 'contact@lefevre-associes.fr' },
];

const clientVariables: readonly TemplateVariable[] = [
  { path: 'client.name', description: 'Nom ou raison sociale du client', sample: 'Boulangerie Hébert SARL' },
  { path: 'client.address', description: 'Adresse du client', sample: '3 place du Marché, 38000 Grenoble' },
  { path: 'client.siren', description: 'SIREN du client', sample: '732 829 320' },
  { path: 'client.typology', description: 'Typologie du client', sample: 'Commerçant — société soumise à l’IS' },
];

const contactVariables: readonly TemplateVariable[] = [
  { path: 'contact.civility', description: 'Civilité de l’interlocuteur', sample: 'Madame' },
  { path: 'contact.first_name', description: 'Prénom de l’interlocuteur', sample: 'Élodie' },
  { path: 'contact.last_name', description: 'Nom de l’interlocuteur', sample: 'Hébert' },
  { path: 'contact.full_name', description: 'Prénom et nom de l’interlocuteur', sample: 'Élodie Hébert' },
];

const senderVariables: readonly TemplateVariable[] = [
  { path: 'sender.full_name', description: 'Collaborateur qui envoie le message', sample: 'François Lefèvre' },
  { path: 'sender.title', description: 'Fonction du collaborateur', sample: 'Expert-comptable associé' },
  { path: 'sender.email', description: 'Email du collaborateur', sample: 'f.lefevre@lefevre-associes.fr' },
  { path: 'sender.phone', description: 'Téléphone du collaborateur', sample: '04 78 00 00 01' },
];

const missionVariables: readonly TemplateVariable[] = [
  { path: 'mission.reference', description: 'Référence de la mission', sample: 'LM-2025-0042' },
  { path: 'mission.start_date', description: 'Date de début de la mission', sample: '1er janvier 2025' },
  { path: 'mission.first_closing_date', description: 'Date de clôture du premier exercice', sample: '31 décembre 2025' },
  { path: 'mission.interview_date', description: 'Date de l’entretien préalable', sample: '18 novembre 2024' },
  { path: 'mission.annual_fees', description: 'Honoraires annuels HT, formatés', sample: '4 680,00 € HT' },
  { path: 'mission.annual_vat', description: 'TVA sur les honoraires annuels, formatée', sample: '936,00 €' },
  { path: 'mission.annual_fees_incl_tax', description: 'Honoraires annuels TTC, formatés', sample: '5 616,00 € TTC' },
  {
    path: 'mission.services',
    description: 'Prestations de la mission : label, frequency, fees (par échéance), annual (par an)',
    sample: [
      { label: 'Tenue de la comptabilité', frequency: 'Mensuelle', fees: '250,00 €', annual: '3 000,00 €' },
      { label: 'Déclarations de TVA', frequency: 'Mensuelle', fees: '60,00 €', annual: '720,00 €' },
      { label: 'Bilan et liasse fiscale', frequency: 'Annuelle', fees: '960,00 €', annual: '960,00 €' },
    ],
  },
];

const quoteVariables: readonly TemplateVariable[] = [
  { path: 'quote.number', description: 'Numéro du devis', sample: 'D-2025-0117' },
  { path: 'quote.total', description: 'Montant total TTC, formaté', sample: '5 616,00 € TTC' },
  { path: 'quote.valid_until', description: 'Date de fin de validité', sample: '31 mars 2025' },
  { path: 'quote.url', description: 'Lien vers le devis en ligne (obligatoire)', sample: 'https://app.echeance.fr/devis/7f3c9a21' },
];

const requestVariables: readonly TemplateVariable[] = [
  { path: 'request.title', description: 'Objet de la demande', sample: 'Pièces de TVA de février' },
  {
    path: 'request.message',
    description: 'Précisions de la demande',
    sample: 'Merci de déposer vos factures d’achat et de vente ainsi que vos relevés bancaires.',
  },
  { path: 'request.due_date', description: 'Date limite de réponse', sample: '20 mars 2025' },
  { path: 'request.url', description: 'Lien pour répondre à la demande (obligatoire)', sample: 'https://app.echeance.fr/demandes/c2b81e04' },
];

const signatureVariables: readonly TemplateVariable[] = [
  { path: 'signature.url', description: 'Lien pour consulter et signer la lettre (obligatoire)', sample: 'https://app.echeance.fr/signature/5d0e77aa' },
  { path: 'signature.deadline', description: 'Date souhaitée de signature', sample: '15 janvier 2025' },
];

const letterVariables = [...firmVariables, ...clientVariables, ...contactVariables, ...missionVariables];

function letterKind(kind: LetterParagraphKind, label: string, singleLine: boolean): TemplateKindDefinition {
  return { kind, label, channel: 'letter', singleLine, maxLength: singleLine ? 300 : 20_000, variables: letterVariables, requiredLinks: [] };
}

function emailKinds(
  name: string,
  label: string,
  variables: readonly TemplateVariable[],
  requiredLink: string,
): [TemplateKindDefinition, TemplateKindDefinition] {
  const all = [...firmVariables, ...contactVariables, ...senderVariables, ...variables];
  return [
    {
      kind: `email.${name}.subject` as TemplateKind,
      label: `${label} — objet`,
      channel: 'email-subject',
      singleLine: true,
      maxLength: 300,
      variables: all,
      requiredLinks: [],
    },
    {
      kind: `email.${name}.body` as TemplateKind,
      label: `${label} — message`,
      channel: 'email-body',
      singleLine: false,
      maxLength: 10_000,
      variables: all,
      requiredLinks: [requiredLink],
    },
  ];
}

const definitions: readonly TemplateKindDefinition[] = [
  letterKind('letter.title', 'Titre', true),
  letterKind('letter.subtitle', 'Sous-titre', true),
  letterKind('letter.object', 'Objet', false),
  letterKind('letter.objectives', 'Objectifs', false),
  letterKind('letter.nature', 'Nature de la mission', false),
  letterKind('letter.needs', 'Type de besoins', false),
  letterKind('letter.legal-mentions', 'Mentions légales', false),
  ...emailKinds('quote-sent', 'Envoi du devis', [...clientVariables, ...quoteVariables], 'quote.url'),
  ...emailKinds('quote-reminder', 'Relance du devis', [...clientVariables, ...quoteVariables], 'quote.url'),
  ...emailKinds('information-request', 'Demande d’information', [...clientVariables, ...requestVariables], 'request.url'),
  ...emailKinds('mission-letter', 'Lettre de mission à signer', [...clientVariables, ...missionVariables, ...signatureVariables], 'signature.url'),
];

const byKind = new Map(definitions.map((definition) => [definition.kind, definition]));

/** True when `value` names an editable text (for API path parameters and stored rows). */
export function isTemplateKind(value: string): value is TemplateKind {
  return byKind.has(value as TemplateKind);
}

/** The declaration of one kind: its variables, required links and limits. */
export function templateKind(kind: TemplateKind): TemplateKindDefinition {
  const definition = byKind.get(kind);
  if (!definition) throw new Error(`Template kind ${kind} is not declared`); // unreachable: TEMPLATE_KINDS and definitions agree
  return definition;
}

/** Every kind's declaration, in `TEMPLATE_KINDS` order. */
export function templateKindDefinitions(): readonly TemplateKindDefinition[] {
  return TEMPLATE_KINDS.map(templateKind);
}

/** A render scope: the nested object a template reads (`{ quote: { url: … } }`). */
export type TemplateScope = { readonly [name: string]: TemplateValue | TemplateScope };

/**
 * The sample scope of a kind, built from its variables' sample values: what previews render
 * with, and what saving renders once to prove the text works.
 */
export function sampleScope(kind: TemplateKind): TemplateScope {
  const scope: Record<string, unknown> = {};
  for (const variable of templateKind(kind).variables) {
    const segments = variable.path.split('.');
    let node = scope;
    for (const segment of segments.slice(0, -1)) {
      node[segment] ??= {};
      node = node[segment] as Record<string, unknown>;
    }
    node[segments[segments.length - 1] as string] = variable.sample;
  }
  return scope as TemplateScope;
}
