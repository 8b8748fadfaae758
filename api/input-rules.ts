import type { FieldProblem } from '../domain/errors.ts';

/**
 * The one rule every text field and every date meets at the validation edge. `create-router.ts`
 * applies it to the validated input of every route (path, query, headers, JSON and form bodies),
 * so no route can let a NUL byte or year 0 reach PostgreSQL (which answers those with errors).
 *
 * - Text: no control characters (C0, DEL, C1). Line feed, carriage return and tab are allowed in
 *   body fields (long texts: messages, descriptions, templates) but not in single-line values:
 *   path and query parameters, headers, and body fields named like a name, title, label, email,
 *   code or identifier (`name`, `firstName`, `companyName`, `title`, `internalLabel`, `email`…).
 * - Dates: a calendar date or an instant (`YYYY-MM-DD…`, or a `Date`) lies in years 1900–2199.
 */
export const inputRules = { minYear: 1900, maxYear: 2199 } as const;

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
 
const lineBreaksAndTabs = /[\t\n\r]/;
const singleLineField = /(name|title|label|email|code|siren|siret|phone|mobile|reference|key|token)$/i;
const dateLike = /^([+-]?\d{4,6})-\d{2}-\d{2}(?:$|T)/;

function textProblem(value: string, singleLine: boolean): string | undefined {
  if (controlCharacters.test(value)) return 'must not contain control characters';
  if (singleLine && lineBreaksAndTabs.test(value)) return 'must be a single line (no line breaks or tabs)';
  const date = dateLike.exec(value);
  if (date) {
    const year = Number(date[1]);
    if (year < inputRules.minYear || year > inputRules.maxYear) return `must be a date between ${inputRules.minYear} and ${inputRules.maxYear}`;
  }
  return undefined;
}

/** Every field of `value` (validated input of one location) breaking the rule, by path. */
export function inputRuleProblems(value: unknown, location: NonNullable<FieldProblem['location']>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (node: unknown, path: string[], singleLine: boolean) => {
    const field = path.length > 0 ? path.join('.') : '(root)';
    if (typeof node === 'string') {
      const message = textProblem(node, singleLine);
      if (message) problems.push({ field, location, message });
    } else if (node instanceof Date) {
      const year = node.getUTCFullYear();
      if (Number.isNaN(year) || year < inputRules.minYear || year > inputRules.maxYear) {
        problems.push({ field, location, message: `must be a date between ${inputRules.minYear} and ${inputRules.maxYear}` });
      }
    } else if (Array.isArray(node)) {
      // An array under a single-line key (`ids`, repeated query values) keeps its key's rule.
      node.forEach((item, index) => visit(item, [...path, String(index)], singleLine));
    } else if (node !== null && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype) {
      for (const [key, child] of Object.entries(node)) visit(child, [...path, key], location !== 'body' || singleLineField.test(key.replace(/\[\]$/, '')));
    } else if (node instanceof File) {
      const message = textProblem(node.name, true);
      if (message) problems.push({ field, location, message: `file name ${message}` });
    }
  };
  visit(value, [], location !== 'body');
  return problems;
}
