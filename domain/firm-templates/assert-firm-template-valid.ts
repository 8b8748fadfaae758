import { AppError } from '../errors.ts';
import type { TemplateKind } from '../templates/template-kinds.ts';
import { templateRenderPool } from './template-render-pool.ts';

/**
 * Refuses a text the engine's validator finds a problem in (syntax error, unknown variable or
 * filter, missing required link, limits) with a 400 listing every problem — code, French
 * message, line and column — under `problems`, and each one as an error on the `body` field.
 * The validation (its trial render included) runs in the template pool, under its CPU-time
 * limit: the same on save and on preview.
 */
export async function assertFirmTemplateValid(kind: TemplateKind, body: string): Promise<void> {
  const problems = await templateRenderPool().run({ task: 'validate', kind, body });
  if (problems.length === 0) return;
  throw new AppError('invalid_input', `Le modèle ${kind} ne peut pas être enregistré : ${problems.length} problème(s) à corriger`, {
    kind,
    problems,
    fields: problems.map((problem) => ({ field: 'body', location: 'body' as const, message: problem.message })),
  });
}
