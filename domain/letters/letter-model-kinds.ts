import type { LetterModelKind, LetterParagraph } from '../../db/schema/index.ts';
import { DEFAULT_TEMPLATES } from '../templates/default-templates.ts';

/**
 * The letter models a firm starts with: the engagement letter of seed 000 (accounting and wealth
 * advisory variants) and the print set of seed 003 (annex letters, documents annexes, blank
 * letter, resignation letter, letter to the predecessor, acceptance questionnaire). Each is made of
 * the seed-000 paragraphs, written in Liquid over plain text (domain/templates/text-blocks.ts)
 * with French default texts; a firm's model overrides any paragraph.
 *
 * Variables every model may use: `firm.*`, `client.*`, `contact.*`, `mission.*` (as the
 * engagement letter), `letter.*` (interview date, typology), `firm_representative.*`,
 * `custom.<key>` (the custom fields of the mission type) and `today`.
 */
export interface LetterModelKindDefinition {
  readonly kind: LetterModelKind;
  /** Group of seed 003's print menu. */
  readonly group: 'Lettres de mission' | 'Lettres de mission annexes' | 'Documents annexes' | 'Autres';
  /** The default model's name. */
  readonly defaultName: string;
  /** Whether the letter carries the fee table and the two signature blocks (signable letters). */
  readonly signable: boolean;
  readonly paragraphs: Readonly<Record<LetterParagraph, string>>;
}

/** Printed paragraph headings; an empty paragraph is left out with its heading. */
export const PARAGRAPH_HEADINGS: Readonly<Record<Exclude<LetterParagraph, 'title' | 'subtitle'>, string>> = {
  object: 'Objet',
  objectives: 'Objectifs',
  nature: 'Nature de la mission',
  needs: 'Type de besoins',
  legalMentions: 'Mentions légales',
};

const firmIdentity = `{{ firm.name }}, {{ firm.legal_form }} — {{ firm.address }} — {{ firm.rcs }} — {{ firm.order_registration }} — TVA intracommunautaire : {{ firm.vat_number }}.`;

const accounting: Record<LetterParagraph, string> = {
  title: DEFAULT_TEMPLATES['letter.title'],
  subtitle: DEFAULT_TEMPLATES['letter.subtitle'],
  object: DEFAULT_TEMPLATES['letter.object'],
  objectives: DEFAULT_TEMPLATES['letter.objectives'],
  nature: DEFAULT_TEMPLATES['letter.nature'],
  needs: DEFAULT_TEMPLATES['letter.needs'],
  legalMentions: DEFAULT_TEMPLATES['letter.legal-mentions'],
};

const wealth: Record<LetterParagraph, string> = {
  title: 'Lettre de mission',
  subtitle: 'Conseil en gestion de patrimoine — {{ client.name }}',
  object: `{{ contact.civility }} {{ contact.last_name }},

Faisant suite à notre entretien du {{ mission.interview_date }} et à la remise du document d’entrée en relation, la présente lettre précise la mission de conseil que vous confiez à {{ firm.name }}, conseiller en investissements financiers, ainsi que nos engagements réciproques (règlement général de l’AMF, art. 325-6).`,
  objectives: `Vous nous avez fait part des objectifs patrimoniaux suivants :
- préparer votre retraite et sécuriser vos revenus futurs ;
- optimiser la fiscalité de votre patrimoine ;
- organiser la transmission de votre patrimoine à vos proches.`,
  nature: `Notre mission comprend l’analyse de votre situation patrimoniale, la remise d’un rapport écrit justifiant nos préconisations au regard de vos objectifs et de votre profil de risque, et un point de suivi annuel.

Le conseil fourni est non indépendant : le cabinet peut percevoir des rémunérations des établissements dont il présente les produits ; leur montant vous sera communiqué avant toute souscription.
{% for service in mission.services %}- {{ service.label }} : {{ service.fees }} HT
{% endfor %}`,
  needs: `Typologie du client : {{ client.typology }}.

Vos besoins portent principalement sur le conseil en investissement, la protection de la famille et l’épargne retraite.`,
  legalMentions: `Honoraires : {{ mission.annual_fees }} par an. Un compte rendu vous est adressé chaque année.

Réclamations : toute réclamation peut être adressée au cabinet, qui y répond dans un délai de deux mois ; à défaut, vous pouvez saisir le médiateur de l’AMF.

Lutte contre le blanchiment des capitaux : le cabinet identifie le client et son bénéficiaire effectif avant la signature de la présente lettre (C. mon. fin., art. L. 561-5).

${firmIdentity}`,
};

const closing = `Nous vous prions d’agréer, {{ contact.civility }} {{ contact.last_name }}, l’expression de nos salutations distinguées.

{{ firm_representative.full_name }}, {{ firm_representative.title }}`;

function letter(kind: LetterModelKind, group: LetterModelKindDefinition['group'], defaultName: string, paragraphs: Partial<Record<LetterParagraph, string>>, signable = false): LetterModelKindDefinition {
  return {
    kind,
    group,
    defaultName,
    signable,
    paragraphs: { title: defaultName, subtitle: '', object: '', objectives: '', nature: '', needs: '', legalMentions: firmIdentity, ...paragraphs },
  };
}

/** The kinds, in the order of seed 003's print menu. */
export const LETTER_MODEL_KINDS: readonly LetterModelKindDefinition[] = [
  { kind: 'engagement', group: 'Lettres de mission', defaultName: 'Lettre de mission comptable', signable: true, paragraphs: accounting },
  letter(
    'annex-evaluation',
    'Lettres de mission annexes',
    'Lettre de mission évaluation',
    {
      subtitle: 'Annexe à la lettre de mission — évaluation de l’entreprise',
      object: `La présente annexe complète la lettre de mission {{ mission.reference }} conclue entre {{ client.name }} et {{ firm.name }}. Elle a pour objet une mission d’évaluation de l’entreprise ou de ses titres.`,
      nature: `Nous mettrons en œuvre les méthodes d’évaluation usuelles (patrimoniale, de rendement, par comparaison) sur la base des comptes que vous nous communiquerez. Notre rapport présentera une fourchette de valeurs ; il ne constitue pas une attestation.`,
    },
    true,
  ),
  letter(
    'annex-income-tax-return',
    'Lettres de mission annexes',
    'Lettre de mission déclaration de revenus',
    {
      subtitle: 'Annexe à la lettre de mission — déclaration de revenus',
      object: `{{ contact.civility }} {{ contact.last_name }}, vous nous confiez l’établissement de votre déclaration de revenus personnelle et de ses annexes.`,
      nature: `Vous nous transmettez avant le 30 avril l’ensemble des justificatifs nécessaires (revenus, charges déductibles, réductions et crédits d’impôt). Nous établissons la déclaration, vous la soumettons pour accord puis la télétransmettons. Vous restez seul responsable de l’exactitude des informations fournies.`,
    },
    true,
  ),
  letter(
    'annex-services-contract',
    'Lettres de mission annexes',
    'Lettre de mission contrat de services',
    {
      subtitle: 'Contrat de services — {{ client.name }}',
      object: `Le présent contrat définit les services ponctuels que {{ firm.name }} fournit à {{ client.name }} en complément de la lettre de mission.`,
      nature: `{% for service in mission.services %}- {{ service.label }} ({{ service.frequency | downcase }}) : {{ service.fees }} HT
{% endfor %}Chaque service est facturé à sa réalisation ; le contrat est conclu pour un an et renouvelable par tacite reconduction.`,
    },
    true,
  ),
  letter('documents-annex', 'Documents annexes', 'Documents annexes', {
    subtitle: 'Assurance contrôle fiscal, annexe caisse, adhésion CGAF, lettre de mission prévisionnelle',
    object: `Les documents ci-dessous complètent la lettre de mission de {{ client.name }}.`,
    nature: `- Assurance contrôle fiscal : prise en charge des honoraires d’assistance en cas de vérification de comptabilité, selon les conditions du contrat d’assurance souscrit par le cabinet.
- Annexe caisse : vous tenez un brouillard de caisse quotidien et conservez les tickets Z de votre système de caisse certifié.
- Adhésion au centre de gestion agréé : le cabinet vous accompagne dans votre adhésion et la transmission du dossier de gestion.
- Mission prévisionnelle : établissement d’un budget et d’un plan de trésorerie pour l’exercice à venir, sur devis séparé.`,
  }),
  letter('blank', 'Autres', 'Lettre vierge', {
    title: 'Courrier',
    object: `{{ contact.civility }} {{ contact.last_name }},

 

${closing}`,
  }),
  letter('resignation', 'Autres', 'Courrier de démission', {
    title: 'Fin de mission',
    subtitle: 'Lettre recommandée avec accusé de réception',
    object: `{{ contact.civility }} {{ contact.last_name }},

Par la présente, nous vous informons de notre décision de mettre fin à la mission qui nous lie à {{ client.name }} (lettre de mission {{ mission.reference }}), dans le respect du préavis de trois mois prévu par la lettre de mission.

Nous achèverons les travaux en cours relatifs à l’exercice clos le {{ mission.first_closing_date }} et tiendrons à la disposition de votre nouveau conseil l’ensemble des documents nécessaires à la continuité de votre dossier.

${closing}`,
  }),
  letter('predecessor', 'Autres', 'Lettre au confrère', {
    title: 'Lettre au confrère',
    subtitle: 'Reprise du dossier {{ client.name }}',
    object: `Cher Confrère,

{{ client.name }} nous a sollicités pour lui confier une mission à compter du {{ mission.start_date }}. Conformément à l’article 163 du décret n° 2012-432 du 30 mars 2012, nous vous informons de cette démarche avant d’accepter la mission.

Nous vous serions reconnaissants de nous faire savoir si des honoraires vous restent dus ou si une raison déontologique s’oppose à notre intervention, et de bien vouloir préparer la transmission du dossier permanent.

Nous vous prions de croire, Cher Confrère, à l’assurance de nos sentiments confraternels.

{{ firm_representative.full_name }}, {{ firm_representative.title }}`,
  }),
  letter('acceptance-questionnaire', 'Autres', 'Fiche acceptation questionnaire', {
    title: 'Fiche d’acceptation de la mission',
    subtitle: '{{ client.name }} — {{ today }}',
    object: `Questionnaire d’acceptation rempli avant la signature de la lettre de mission (décret n° 2012-432, art. 150 ; NPLAB).`,
    nature: `- Compétence : le cabinet dispose des compétences et des moyens nécessaires à la mission : oui / non
- Indépendance : aucun lien personnel ou financier ne compromet l’indépendance du cabinet : oui / non
- Conflits d’intérêts : aucun conflit avec un autre client : oui / non
- Confrère précédent informé (lettre au confrère) : oui / non
- Identification du client et de ses bénéficiaires effectifs réalisée (LCB-FT) : oui / non
- Niveau de vigilance retenu : standard / renforcée`,
    needs: `Typologie du client : {{ client.typology }}.`,
    legalMentions: `Décision : mission acceptée / refusée, par {{ firm_representative.full_name }}, le {{ today }}.`,
  }),
];

/** The wealth-advisory engagement letter (« Lettre de mission CGP »), a second default model of the `engagement` kind. */
export const WEALTH_ENGAGEMENT_MODEL = { kind: 'engagement' as const, name: 'Lettre de mission CGP', paragraphs: wealth };

export function letterModelKind(kind: LetterModelKind): LetterModelKindDefinition {
  const definition = LETTER_MODEL_KINDS.find((entry) => entry.kind === kind);
  if (!definition) throw new Error(`Unknown letter model kind ${kind}`);
  return definition;
}
