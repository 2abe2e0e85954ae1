// The yearly progress report of the pooling scheme (CGCT L5211-39-1): its sections, its narrative blocks and
// their light markup. Pure: no database, no clock.

/** The report's sections, in the reference's order (I to V.3), plus the financial part the reference lacks. */
export const SECTIONS = ['context', 'orientations', 'sharedServices', 'governance', 'purchasing', 'offers', 'convergence', 'finances'] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_NUMBERS: Record<Section, string> = {
  context: 'I',
  orientations: 'II',
  sharedServices: 'III',
  governance: 'IV',
  purchasing: 'V.1',
  offers: 'V.2',
  convergence: 'V.3',
  finances: 'VI',
};

export const SECTION_TITLES: Record<Section, string> = {
  context: 'Contexte',
  orientations: 'Les orientations du schéma',
  sharedServices: 'Les services communs créés et développés',
  governance: 'La gouvernance',
  purchasing: 'Les groupements de commandes',
  offers: 'Les offres de services à destination des communes',
  convergence: 'La convergence des outils et des méthodes',
  finances: 'Le bilan financier des services communs',
};

/** V.1 to V.3 sit under part V in the table of contents. */
export const PART_V_TITLE = 'Les autres formes de mutualisation';

export function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value);
}

export const NARRATIVE_MAX_LENGTH = 20_000;

/** The text a person writes for one section of one year. */
export interface Narrative {
  readonly section: Section;
  readonly body: string;
  /** Where the text comes from: written for this year, carried over from an earlier year, or the default text. */
  readonly origin: 'own' | 'previous' | 'default';
  /** The year the text was written for (origin 'previous'). */
  readonly fromYear: number | null;
}

/** The report of year N covers the data up to the end of N−1 (the reference: presented in January 2020, figures of 2019). */
export function coveredYear(reportYear: number): number {
  return reportYear - 1;
}

/** A report year the application accepts. */
export function checkYear(year: number): string | null {
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? null : 'L’année du rapport doit être comprise entre 2000 et 2100.';
}

/** Validates a narrative block's text; returns the French message naming the field, or null. */
export function checkNarrative(body: string): string | null {
  if (body.length > NARRATIVE_MAX_LENGTH) return `Le texte dépasse ${NARRATIVE_MAX_LENGTH.toLocaleString('fr-FR')} caractères.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(body)) return 'Le texte contient des caractères de contrôle.';
  return null;
}

/** Removes the trailing spaces of lines and the blank lines at both ends; line ends become "\n". */
export function normalizeNarrative(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** A run of text, bold or not. */
export interface Run {
  readonly text: string;
  readonly bold: boolean;
}

/** A block of light markup: a paragraph, or a bulleted list. */
export type MarkupBlock = { readonly kind: 'paragraph'; readonly runs: readonly Run[] } | { readonly kind: 'list'; readonly items: readonly (readonly Run[])[] };

/** `**bold**` inside a line; an unclosed `**` stays literal. */
export function parseRuns(line: string): Run[] {
  const runs: Run[] = [];
  const parts = line.split('**');
  const closed = parts.length % 2 === 1;
  parts.forEach((text, i) => {
    const bold = closed && i % 2 === 1;
    const literal = !closed && i > 0 ? `**${text}` : text;
    if (literal === '') return;
    const last = runs.at(-1);
    if (last && last.bold === bold) runs[runs.length - 1] = { text: last.text + literal, bold };
    else runs.push({ text: literal, bold });
  });
  return runs;
}

/**
 * Light markup: paragraphs are separated by a blank line (lines inside a paragraph join with a space), a line
 * starting with "- " is a list item, `**…**` is bold. Nothing else is interpreted: the text prints literally.
 */
export function parseMarkup(body: string): MarkupBlock[] {
  const blocks: MarkupBlock[] = [];
  let paragraph: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', runs: parseRuns(paragraph.join(' ')) });
    if (items.length > 0) blocks.push({ kind: 'list', items: items.map(parseRuns) });
    paragraph = [];
    items = [];
  };
  for (const raw of normalizeNarrative(body).split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
    } else if (/^[-•*]\s+/.test(line)) {
      if (paragraph.length > 0) flush();
      items.push(line.replace(/^[-•*]\s+/, ''));
    } else if (items.length > 0 && /^\s/.test(raw)) {
      items[items.length - 1] += ` ${line}`;
    } else {
      if (items.length > 0) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** The text of a narrative: the year's own, else the latest earlier year's (pre-filled), else the default. */
export function pickNarrative(section: Section, year: number, stored: readonly { year: number; section: string; body: string }[], defaults: Readonly<Record<Section, string>>): Narrative {
  const own = stored.find((s) => s.section === section && s.year === year);
  if (own) return { section, body: own.body, origin: 'own', fromYear: year };
  const earlier = stored.filter((s) => s.section === section && s.year < year).sort((a, b) => b.year - a.year)[0];
  if (earlier) return { section, body: earlier.body, origin: 'previous', fromYear: earlier.year };
  return { section, body: defaults[section], origin: 'default', fromYear: null };
}

/** "52 communes adhérentes", "1 commune adhérente": French agreement of a counted noun. */
export function counted(value: number, singular: string, plural: string): string {
  return `${new Intl.NumberFormat('fr-FR').format(value).replace(/\u202f|\u00a0/g, ' ')} ${value >= 2 ? plural : singular}`;
}

/** "A, B et C". */
export function frenchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}
