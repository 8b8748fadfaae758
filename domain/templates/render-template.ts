import type { Template } from 'liquidjs';
import { AppError } from '../errors.ts';
import { TEMPLATE_LIMITS, templateEngine } from './liquid-engine.ts';
import { problemFromLiquidError, type TemplateProblem } from './template-problems.ts';
import { sampleScope, templateKind, type TemplateKind, type TemplateScope } from './template-kinds.ts';
import { parseSpans } from './text-blocks.ts';

/** The outcome of one render: the text, or the problems that stopped it. */
export type RenderOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: readonly TemplateProblem[] };

function lookup(scope: TemplateScope, path: string): unknown {
  let node: unknown = scope;
  for (const segment of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * Checks that each required link's value is printed whole in the rendered text, as the reader
 * will get it: one of the links `parseSpans` finds (what the email and the letter turn into
 * `<a href>`) must be exactly the URL. This is what makes seed 002's warning enforceable:
 * `{% if false %}{{ quote.url }}{% endif %}`, a captured but unprinted link, `| truncate` or
 * `{{ quote.url }}?utm=1` all fail here.
 */
export function missingLinks(kind: TemplateKind, text: string, scope: TemplateScope): TemplateProblem[] {
  const printed = new Set<string>();
  for (const line of text.split('\n')) {
    for (const span of parseSpans(line)) if (span.kind === 'link') printed.add(span.url);
  }
  const problems: TemplateProblem[] = [];
  for (const path of templateKind(kind).requiredLinks) {
    const url = lookup(scope, path);
    if (typeof url !== 'string' || url === '' || !printed.has(url)) {
      problems.push({
        code: 'missing_required_link',
        message: `Le lien {{ ${path} }} doit figurer tel quel dans le message : sans lui, le destinataire ne peut pas y accéder.`,
        variable: path,
      });
    }
  }
  return problems;
}

/** Parses a template, returning liquidjs's templates or the problem that stopped the parse. */
export function parseTemplate(source: string): { ok: true; templates: Template[] } | { ok: false; problem: TemplateProblem } {
  try {
    return { ok: true, templates: templateEngine.parse(source) };
  } catch (error) {
    return { ok: false, problem: problemFromLiquidError(error) };
  }
}

/**
 * Renders a firm-edited text with the given scope, inside the engine's limits, and checks the
 * result: not too long, single-line kinds collapsed to one line, required links printed.
 * Never throws for a template's fault: the problems are returned.
 */
export async function tryRenderTemplate(kind: TemplateKind, source: string, scope: TemplateScope): Promise<RenderOutcome> {
  const definition = templateKind(kind);
  const parsed = parseTemplate(source);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  let text: string;
  try {
    text = String(await templateEngine.render(parsed.templates, scope, { templateLimit: TEMPLATE_LIMITS.templateLimit }));
  } catch (error) {
    return { ok: false, problems: [problemFromLiquidError(error)] };
  }
  if (text.length > TEMPLATE_LIMITS.maxOutputLength) {
    return {
      ok: false,
      problems: [{ code: 'limit_exceeded', message: `Le texte produit dépasse ${TEMPLATE_LIMITS.maxOutputLength} caractères.` }],
    };
  }
  // Subjects and titles are one line: this also keeps CR/LF out of email headers.
  text = definition.singleLine ? text.replace(/\s+/g, ' ').trim() : text.trim();
  const problems = missingLinks(kind, text, scope);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, text };
}

/**
 * Renders a firm-edited text for real (an email being sent, a letter being generated). A stored
 * template was validated when saved, so a failure here means the data does not fit it (a
 * required link is empty, a variable is missing): an `AppError('precondition_failed')`, which
 * activities turn into a non-retryable failure, with the problems in its details.
 */
export async function renderTemplate(kind: TemplateKind, source: string, scope: TemplateScope): Promise<string> {
  const outcome = await tryRenderTemplate(kind, source, scope);
  if (outcome.ok) return outcome.text;
  throw new AppError('precondition_failed', `Template ${kind} cannot be rendered: ${outcome.problems.map((p) => p.message).join(' ')}`, {
    kind,
    problems: outcome.problems,
  });
}

/** Renders a text with its kind's French sample data, for the preview endpoint. */
export function renderTemplatePreview(kind: TemplateKind, source: string): Promise<RenderOutcome> {
  return tryRenderTemplate(kind, source, sampleScope(kind));
}
