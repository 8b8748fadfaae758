import { Liquid, Tag } from 'liquidjs';
import type { TagToken, TopLevelToken } from 'liquidjs';

/**
 * The Liquid engine firm-edited texts run in, locked down because the authors are customers.
 *
 * - No file access: templates live in memory only (`templates: {}` replaces the file system,
 *   `relativeReference: false`), and `include`, `render` and `layout` are refused when the text is
 *   parsed, so a firm can neither read the server's files nor another firm's templates.
 * - No reach into JavaScript: `ownPropertyOnly` hides prototypes (`constructor`, `__proto__`),
 *   `strictVariables` turns any unknown name into an error instead of an empty string, and
 *   `strictFilters` refuses unknown filters when parsing.
 * - Bounded work: `parseLimit` (characters per parse), `memoryLimit` (characters/array items
 *   allocated per render, which stops `(1..100000000)`) and a `templateLimit` per render (tags
 *   and outputs rendered, which stops nested loops), plus a cap on the rendered length enforced by
 *   `render-template.ts`. These count work, so they decide the same way on an idle or a loaded
 *   machine. Time is limited in CPU time by the API's template pool
 *   (`domain/firm-templates/template-render-pool.ts`); `renderLimit` (wall-clock) is only a far
 *   backstop for renders outside it, set high so that it never decides before the CPU limit.
 * - Dates in the firm's time zone (Europe/Paris) and French month names for the `date` filter.
 */
export const TEMPLATE_LIMITS = {
  /** Characters parsed per call; the largest kind (legal mentions) allows 20 000. */
  parseLimit: 50_000,
  /** Wall-clock milliseconds per render: a backstop only (see above). */
  renderLimitMs: 10_000,
  /** Characters and array items allocated per render. */
  memoryLimit: 2_000_000,
  /** Tags, outputs and text nodes rendered per render. */
  templateLimit: 20_000,
  /** Characters of rendered text. */
  maxOutputLength: 100_000,
} as const;

/** Tags that would read other templates — from disk without our `templates` map — refused at parse time. */
export const FORBIDDEN_TAGS = ['include', 'render', 'layout'] as const;

/** Marker in the message of a refused tag, so `validate-template.ts` can classify the parse error. */
export const FORBIDDEN_TAG_MESSAGE = 'forbidden tag';

function refusingTag(name: string): new (token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) => Tag {
  return class RefusedTag extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      throw new Error(`${FORBIDDEN_TAG_MESSAGE}: ${name}`);
    }

    render(): never {
      throw new Error(`${FORBIDDEN_TAG_MESSAGE}: ${name}`);
    }
  };
}

/** Builds a locked-down engine; `templateEngine` is the shared instance, this is for tests. */
export function createTemplateEngine(): Liquid {
  const engine = new Liquid({
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    lenientIf: false,
    jsTruthy: false,
    parseLimit: TEMPLATE_LIMITS.parseLimit,
    renderLimit: TEMPLATE_LIMITS.renderLimitMs,
    memoryLimit: TEMPLATE_LIMITS.memoryLimit,
    timezoneOffset: 'Europe/Paris',
    locale: 'fr-FR',
    cache: false,
  });
  for (const name of FORBIDDEN_TAGS) engine.registerTag(name, refusingTag(name));
  return engine;
}

/** The process-wide engine. It holds no per-firm state: templates are parsed from strings per call. */
export const templateEngine: Liquid = createTemplateEngine();
