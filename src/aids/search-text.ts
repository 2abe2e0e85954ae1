/**
 * Text for French full-text search, folded in TypeScript at write time (docs/decisions/0005-aid-search.md):
 * the store indexes the text as written (french stemmer) and folded (no accents, lower case; simple and french),
 * and a query word matches any of the three. Pure (no I/O).
 */

/** Lower case, accents removed, œ/æ spelled out: "Rénovation d'ÉCOLE" → "renovation d'ecole". */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/œ/gi, 'oe').replace(/æ/gi, 'ae').toLowerCase();
}

// Function words that every aid contains: a query word must say something.
const STOPWORDS = new Set(
  'a au aux avec ce ces cet cette d dans de des du en et il la le les leur leurs ma mes mon ne ni nos notre ou par pas pour qu que qui sa se ses son sur ta un une vos votre y l s c j n m t aide aides'.split(' '),
);

export const MAX_QUERY_WORDS = 10;

/** The words of a query worth matching: letters and digits only (no tsquery syntax can get through), at most ten. */
export function queryWords(text: string): string[] {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => w.slice(0, 40))
    .filter((w) => w.length > 1 && !STOPWORDS.has(foldAccents(w)));
  return [...new Set(words.map((w) => w.toLowerCase()))].slice(0, MAX_QUERY_WORDS);
}
