import type { EngagementLetterScope } from '../templates/render-engagement-letter.ts';
import { sampleScope } from '../templates/template-kinds.ts';
import type { LetterScope } from './render-letter.ts';

/** The French sample data letter models are checked with when saved: the letter kinds' samples, plus every custom key. */
export function sampleLetterScope(customKeys: readonly string[]): LetterScope {
  const base = sampleScope('letter.object') as unknown as EngagementLetterScope;
  return {
    ...base,
    firm_representative: { full_name: 'François Lefèvre', title: 'Expert-comptable associé' },
    custom: Object.fromEntries(customKeys.map((key) => [key, `valeur de ${key}`])),
    today: '2 décembre 2024',
  };
}
