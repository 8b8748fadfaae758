import { LiquidError, ParseError, RenderError, TokenizationError, UndefinedVariableError } from 'liquidjs';
import { FORBIDDEN_TAG_MESSAGE } from './liquid-engine.ts';

/** Why a firm-edited text was refused or failed to render. Stable: the API returns it. */
export type TemplateProblemCode =
  | 'syntax_error'
  | 'unknown_filter'
  | 'forbidden_tag'
  | 'unknown_variable'
  | 'missing_required_link'
  | 'limit_exceeded'
  | 'render_failed'
  | 'too_long';

/** One problem, with a French message for the firm's administrator and where it is in the text. */
export interface TemplateProblem {
  readonly code: TemplateProblemCode;
  readonly message: string;
  /** 1-based line and column in the source, when known. */
  readonly line?: number;
  readonly column?: number;
  /** The variable or link concerned, as written in the template (`quote.url`). */
  readonly variable?: string;
}

function position(error: LiquidError): { line?: number; column?: number } {
  const token = (error as Partial<LiquidError>).token;
  if (!token || typeof token.getPosition !== 'function') return {};
  const [line, column] = token.getPosition();
  return { line, column };
}

/** Liquid appends `, line:1, col:4` to its messages; the position is reported separately. */
function bareMessage(error: Error): string {
  return error.message.replace(/, line:\d+, col:\d+$/, '').split('\n')[0] ?? error.message;
}

function at(where: { line?: number; column?: number }): string {
  return where.line === undefined ? '' : ` (ligne ${where.line}, colonne ${where.column ?? 1})`;
}

/**
 * Translates an error thrown by liquidjs while parsing or rendering into a problem a firm can act
 * on. Anything else (a bug of ours) is rethrown rather than blamed on the template.
 */
export function problemFromLiquidError(error: unknown): TemplateProblem {
  if (!LiquidError.is(error)) throw error;
  const where = position(error);
  const detail = bareMessage(error);
  if (/limit exceeded/.test(detail)) {
    return { code: 'limit_exceeded', message: `Le modèle dépasse les limites de calcul autorisées (${detail})${at(where)}.`, ...where };
  }
  if (error instanceof ParseError && detail.startsWith('undefined filter')) {
    const filter = detail.replace('undefined filter: ', '');
    return { code: 'unknown_filter', message: `Le filtre « ${filter} » n’existe pas${at(where)}.`, ...where };
  }
  if (error instanceof ParseError && detail.includes(FORBIDDEN_TAG_MESSAGE)) {
    const tag = detail.slice(detail.indexOf(FORBIDDEN_TAG_MESSAGE) + FORBIDDEN_TAG_MESSAGE.length + 2);
    return {
      code: 'forbidden_tag',
      message: `La balise {% ${tag} %} n’est pas autorisée : un modèle ne peut pas en charger un autre${at(where)}.`,
      ...where,
    };
  }
  if (error instanceof ParseError || error instanceof TokenizationError) {
    return { code: 'syntax_error', message: `Erreur de syntaxe : ${detail}${at(where)}.`, ...where };
  }
  if (error instanceof UndefinedVariableError) {
    const variable = detail.replace('undefined variable: ', '');
    return { code: 'unknown_variable', message: `La variable {{ ${variable} }} n’existe pas pour ce modèle${at(where)}.`, variable, ...where };
  }
  if (error instanceof RenderError) {
    return { code: 'render_failed', message: `Le modèle n’a pas pu être rendu : ${detail}${at(where)}.`, ...where };
  }
  return { code: 'render_failed', message: `Le modèle n’a pas pu être rendu : ${detail}${at(where)}.`, ...where };
}
