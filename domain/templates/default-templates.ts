import type { TemplateKind } from './template-kinds.ts';

/**
 * The French texts every organisation starts with, one per template kind. Seed 000: « Nous vous
 * proposons pour chaque paragraphe un texte par défaut que vous pouvez personnaliser ». An
 * organisation that has not customised a kind uses these; saving a customised one goes through
 * `validateTemplate`, and a test checks that these defaults pass it too.
 *
 * The letter paragraphs cover what décret n° 2012-432 art. 151 requires an accountant's
 * engagement letter to state (DOMAIN.md): the parties, the nature and limits of the mission, the
 * split of tasks, duration and renewal, fees, termination and disputes, and the firm's identity.
 */
export const DEFAULT_TEMPLATES: Readonly<Record<TemplateKind, string>> = {
  'letter.title': 'Lettre de mission',

  'letter.subtitle': 'Mission de présentation des comptes annuels — {{ client.name }}',

  'letter.object': `{{ contact.civility }} {{ contact.last_name }},

Nous vous remercions de la confiance que vous nous témoignez. Faisant suite à notre entretien du {{ mission.interview_date }}, la présente lettre a pour objet de définir les termes et les conditions de la mission que {{ client.name }} (« le client ») confie à {{ firm.name }} (« le cabinet »), ainsi que nos obligations réciproques.

La mission prend effet le {{ mission.start_date }} et porte sur l’exercice qui sera clos le {{ mission.first_closing_date }}. Elle est renouvelable chaque année par tacite reconduction, sauf dénonciation par l’une des parties par lettre recommandée avec accusé de réception trois mois avant la date de clôture de l’exercice.`,

  'letter.objectives': `Au cours de notre entretien, vous nous avez fait part des objectifs suivants :
- disposer de comptes annuels réguliers, établis dans les délais légaux ;
- être déchargé de la préparation de vos déclarations fiscales courantes ;
- suivre l’activité et la trésorerie de l’entreprise au fil de l’exercice ;
- bénéficier d’un interlocuteur unique pour vos questions de gestion.`,

  'letter.nature': `Notre mission est une mission de présentation des comptes annuels, menée conformément à la norme professionnelle de l’Ordre des experts-comptables. Elle ne constitue ni un audit ni un examen limité : elle n’a pas pour objet de déceler les fraudes ou les actes illégaux.

Elle comprend les prestations suivantes :
{% for service in mission.services %}- {{ service.label }} ({{ service.frequency | downcase }}) : {{ service.fees }} HT
{% endfor %}
Répartition des travaux : vous nous transmettez, dans les délais convenus, l’ensemble des pièces justificatives et des informations nécessaires ; vous restez responsable de leur exhaustivité et de l’établissement de vos factures. Le cabinet assure les travaux décrits ci-dessus et vous alerte sur les échéances déclaratives.`,

  'letter.needs': `Typologie du client : {{ client.typology }}.

Compte tenu de cette typologie, vos besoins portent principalement sur :
- la tenue et la révision de la comptabilité ;
- le respect des obligations fiscales et déclaratives ;
- le conseil en gestion et l’accompagnement de la direction.`,

  'letter.legal-mentions': `Honoraires : nos honoraires annuels s’élèvent à {{ mission.annual_fees }}, payables par prélèvement mensuel. Toute prestation non prévue par la présente lettre fera l’objet d’un accord préalable et d’une facturation distincte. En cas de retard de paiement, des pénalités au taux de trois fois le taux d’intérêt légal et une indemnité forfaitaire de 40 € pour frais de recouvrement sont exigibles.

Résiliation : chacune des parties peut mettre fin à la mission par lettre recommandée avec accusé de réception, en respectant un préavis de trois mois. Les travaux réalisés jusqu’à la date de résiliation restent dus.

Différends : en cas de contestation, les parties s’engagent, avant toute action en justice, à saisir le président du conseil régional de l’Ordre des experts-comptables aux fins de conciliation ou d’arbitrage.

Lutte contre le blanchiment des capitaux : conformément aux articles L. 561-1 et suivants du code monétaire et financier, le cabinet identifie le client et son bénéficiaire effectif avant la signature de la présente lettre.

Données personnelles : les données collectées sont traitées pour l’exécution de la mission, conformément au règlement (UE) 2016/679.

Mentions relatives au cabinet (décret n° 2012-432 du 30 mars 2012, art. 151) :
- {{ firm.name }}, {{ firm.legal_form }} ;
- siège social : {{ firm.address }} ;
- {{ firm.rcs }} ;
- {{ firm.order_registration }} ;
- TVA intracommunautaire : {{ firm.vat_number }} ;
- assurance de responsabilité civile professionnelle souscrite conformément à l’article 17 de l’ordonnance n° 45-2138 du 19 septembre 1945.`,

  'email.quote-sent.subject': 'Votre devis {{ quote.number }} — {{ firm.name }}',

  'email.quote-sent.body': `Bonjour {{ contact.civility }} {{ contact.last_name }},

Suite à notre échange, vous trouverez ci-dessous votre devis n° {{ quote.number }} d’un montant de {{ quote.total }}, valable jusqu’au {{ quote.valid_until }}.

Vous pouvez le consulter, le télécharger et l’accepter en ligne :
{{ quote.url }}

Je reste à votre disposition pour toute question.

Bien cordialement,
{{ sender.full_name }}
{{ sender.title }} — {{ firm.name }}
{{ sender.phone }}`,

  'email.quote-reminder.subject': 'Relance : votre devis {{ quote.number }} — {{ firm.name }}',

  'email.quote-reminder.body': `Bonjour {{ contact.civility }} {{ contact.last_name }},

Je me permets de revenir vers vous au sujet de notre devis n° {{ quote.number }} d’un montant de {{ quote.total }}, valable jusqu’au {{ quote.valid_until }}.

Il reste consultable en ligne à l’adresse suivante :
{{ quote.url }}

N’hésitez pas à me contacter si vous souhaitez en discuter.

Bien cordialement,
{{ sender.full_name }}
{{ sender.title }} — {{ firm.name }}`,

  'email.information-request.subject': 'Nouvelle demande d’information : {{ request.title }}',

  'email.information-request.body': `Bonjour {{ contact.first_name }},

{{ firm.name }} a besoin d’informations de votre part : {{ request.title }}.

{{ request.message }}

Merci d’y répondre avant le {{ request.due_date }} en déposant vos documents ici :
{{ request.url }}

Bien cordialement,
{{ sender.full_name }} — {{ firm.name }}`,

  'email.mission-letter.subject': 'Votre lettre de mission {{ mission.reference }} à signer — {{ firm.name }}',

  'email.mission-letter.body': `Bonjour {{ contact.civility }} {{ contact.last_name }},

Vous trouverez ci-dessous votre lettre de mission {{ mission.reference }}, qui précise le contenu de notre intervention à compter du {{ mission.start_date }} pour des honoraires annuels de {{ mission.annual_fees }}.

Nous vous remercions de la consulter et de la signer avant le {{ signature.deadline }} :
{{ signature.url }}

Bien cordialement,
{{ sender.full_name }}
{{ sender.title }} — {{ firm.name }}`,
};

/** The default text of a kind, used until the organisation saves its own. */
export function defaultTemplate(kind: TemplateKind): string {
  return DEFAULT_TEMPLATES[kind];
}
