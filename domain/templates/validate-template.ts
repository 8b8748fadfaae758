import type { Variable } from 'liquidjs';
import { AppError } from '../errors.ts';
import { templateEngine } from './liquid-engine.ts';
import { parseTemplate, tryRenderTemplate } from './render-template.ts';
import type { TemplateProblem } from './template-problems.ts';
import { sampleScope, templateKind, type TemplateKind, type TemplateScope } from './template-kinds.ts';

type Segment = string | number | Variable;

/** Liquid's built-in properties of lists and strings (`mission.services.size`, `.first`). */
const LIST_PROPERTIES = new Set(['first', 'last', 'size']);

/**
 * Whether a path read by the template exists in the kind's declared variables, walking the
 * sample scope the way Liquid would with `ownPropertyOnly`. A dynamic segment (`firm[key]`)
 * cannot be checked statically; the trial render with sample data covers it.
 */
function isDeclared(scope: TemplateScope, segments: readonly Segment[]): boolean {
  let node: unknown = scope;
  for (const segment of segments) {
    if (typeof segment === 'object') return true;
    if (Array.isArray(node)) {
      if (segment === 'size') return true;
      if (typeof segment === 'number' || LIST_PROPERTIES.has(segment)) {
        node = node[0];
        continue;
      }
      return false;
    }
    if (typeof node === 'string') return segment === 'size';
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[String(segment)];
  }
  return true;
}

/**
 * Checks a firm-edited text before it is saved, and returns every problem found (none: it can
 * be saved). In order: length; syntax, unknown filters and file-loading tags (from the parse);
 * variables the kind does not declare, each with its position (from liquidjs's static analysis
 * of the parsed template, not a regex); required links that are never referenced; then a trial
 * render with the kind's sample data, which catches what static analysis cannot — runaway loops
 * hitting the limits, a required link that is referenced but not printed as is.
 */
export async function validateTemplate(kind: TemplateKind, source: string): Promise<readonly TemplateProblem[]> {
  const definition = templateKind(kind);
  if (source.length > definition.maxLength) {
    return [{ code: 'too_long', message: `Le texte dépasse ${definition.maxLength} caractères (${source.length}).` }];
  }
  const parsed = parseTemplate(source);
  if (!parsed.ok) return [parsed.problem];

  const problems: TemplateProblem[] = [];
  const scope = sampleScope(kind);
  const analysis = templateEngine.analyzeSync(parsed.templates, { partials: false });
  const referenced = new Set<string>();
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const path = variable.toString();
      referenced.add(path);
      if (!isDeclared(scope, variable.segments)) {
        const { row: line, col: column } = variable.location;
        problems.push({
          code: 'unknown_variable',
          message: `La variable {{ ${path} }} n’existe pas pour ce modèle (ligne ${line}, colonne ${column}).`,
          variable: path,
          line,
          column,
        });
      }
    }
  }
  for (const link of definition.requiredLinks) {
    if (!referenced.has(link)) {
      problems.push({
        code: 'missing_required_link',
        message: `Le lien {{ ${link} }} est obligatoire dans ce message : sans lui, le destinataire ne peut pas y accéder.`,
        variable: link,
      });
    }
  }
  if (problems.length > 0) return problems;

  const trial = await tryRenderTemplate(kind, source, scope);
  return trial.ok ? [] : trial.problems;
}

/**
 * The save-time guard for use cases: throws `AppError('invalid_input')` listing the problems
 * (the HTTP edge returns them to the editor) unless the text is valid.
 */
export async function assertTemplateValid(kind: TemplateKind, source: string): Promise<void> {
  const problems = await validateTemplate(kind, source);
  if (problems.length > 0) {
    throw new AppError('invalid_input', `The ${kind} template has ${problems.length} problem(s)`, {
      kind,
      problems,
      fields: problems.map((problem) => ({ field: 'source', location: 'body' as const, message: problem.message })),
    });
  }
}
