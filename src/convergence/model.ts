import { formatLegalDate, isCalendarDate, parseLegalDate, type DatePrecision, type LegalDate } from '../platform/format.ts';

/** The three kinds of convergence project of the progress report's table (part V.3). */
export const CATEGORIES = ['software', 'partnership', 'steering'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_LABELS: Record<Category, string> = {
  software: 'Déploiement de logiciels',
  partnership: 'Convention de partenariat',
  steering: 'Outils de pilotage et de reporting',
};

export const PROJECT_STATUSES = ['planned', 'inProgress', 'done', 'abandoned'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = { planned: 'Prévu', inProgress: 'En cours', done: 'Réalisé', abandoned: 'Abandonné' };

export interface ConvergenceProject {
  readonly id: string;
  readonly category: Category;
  readonly title: string;
  readonly tool: string | null;
  readonly startedOn: LegalDate;
  readonly endedOn: LegalDate | null;
  readonly status: ProjectStatus;
  readonly note: string | null;
}

/** A collectivity in a project, over time: from joinedOn (null: from the start) until leftOn (null: still in). */
export interface Participant {
  readonly id: string;
  readonly projectId: string;
  readonly collectivityId: string;
  readonly name: string;
  readonly kind: string;
  readonly joinedOn: LegalDate | null;
  readonly leftOn: LegalDate | null;
}

export interface Problem {
  readonly field: string;
  readonly message: string;
}

// ---- Dates known to the year, the month or the day ----

/** The first day a legal date may mean ("2016" → 2016-01-01), as the date columns hold it. */
export function firstDay(date: LegalDate): string {
  if (date.precision === 'year') return `${date.value}-01-01`;
  if (date.precision === 'month') return `${date.value}-01`;
  return date.value;
}

/** The last day a legal date may mean ("2017" → 2017-12-31, "2019-02" → 2019-02-28). */
export function lastDay(date: LegalDate): string {
  if (date.precision === 'day') return date.value;
  if (date.precision === 'year') return `${date.value}-12-31`;
  const [y, m] = date.value.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${date.value}-${String(days).padStart(2, '0')}`;
}

/** A date column and its precision column back into a legal date. */
export function fromColumns(value: string | null, precision: string | null): LegalDate | null {
  if (value === null) return null;
  const p = (precision ?? 'day') as DatePrecision;
  return { value: p === 'year' ? value.slice(0, 4) : p === 'month' ? value.slice(0, 7) : value.slice(0, 10), precision: p };
}

export const yearOf = (date: LegalDate): number => Number(date.value.slice(0, 4));

const FRENCH_MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];

/**
 * Reads a date as people type it, keeping its precision: "2016", "2017-02", "2020-01-27", "27/01/2020",
 * "02/2017", "février 2017" or "fin 2016" (the year). Null when it is not one.
 */
export function readLegalDate(text: string): LegalDate | null {
  const t = text.trim();
  const iso = parseLegalDate(t);
  if (iso) return iso;
  const day = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (day) {
    const value = `${day[3]}-${day[2]!.padStart(2, '0')}-${day[1]!.padStart(2, '0')}`;
    return isCalendarDate(value) ? { value, precision: 'day' } : null;
  }
  const month = /^(\d{1,2})\/(\d{4})$/.exec(t);
  if (month) return parseLegalDate(`${month[2]}-${month[1]!.padStart(2, '0')}`);
  const folded = t.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const year = /^(?:en|depuis|debut|fin)\s+(\d{4})$/.exec(folded);
  if (year) return { value: year[1]!, precision: 'year' };
  const named = /^(?:(?:en|depuis|debut|fin)\s+)?([a-z]+)\s+(\d{4})$/.exec(folded);
  const index = named ? FRENCH_MONTHS.indexOf(named[1]!) : -1;
  return index < 0 ? null : { value: `${named![2]}-${String(index + 1).padStart(2, '0')}`, precision: 'month' };
}

// ---- A project's years, as the report's table groups them ----

/** The years a project spans: 2016 to 2017 for "2016/2017"; one year when it has no end or ends the same year. */
export function periodOf(project: Pick<ConvergenceProject, 'startedOn' | 'endedOn'>): { from: number; to: number } {
  const from = yearOf(project.startedOn);
  return { from, to: project.endedOn ? Math.max(from, yearOf(project.endedOn)) : from };
}

/** The column of the report's table: "2016/2017", "2018". */
export function periodLabel(period: { from: number; to: number }): string {
  return period.from === period.to ? String(period.from) : `${period.from}/${period.to}`;
}

/** "2016/2017", "mars 2019", "depuis 2018" (no end yet and still going). */
export function describeYears(project: Pick<ConvergenceProject, 'startedOn' | 'endedOn' | 'status'>): string {
  const start = formatLegalDate(project.startedOn);
  if (!project.endedOn) return project.status === 'inProgress' ? `depuis ${start}` : start;
  const end = formatLegalDate(project.endedOn);
  return start === end ? start : `${start} – ${end}`;
}

/** True when the participant takes part on that day (a year-precision date spans its whole year). */
export function participatesOn(participant: Pick<Participant, 'joinedOn' | 'leftOn'>, day: string): boolean {
  return (participant.joinedOn === null || firstDay(participant.joinedOn) <= day) && (participant.leftOn === null || lastDay(participant.leftOn) >= day);
}

export interface TableCell {
  readonly period: string;
  readonly projects: readonly ConvergenceProject[];
}

export interface TableRow {
  readonly category: Category;
  readonly label: string;
  /** One cell per period of the table, in the table's order (maybe empty). */
  readonly cells: readonly TableCell[];
}

export interface ConvergenceTable {
  /** The last year the table covers. */
  readonly throughYear: number;
  /** Its columns: the periods of the projects, oldest first ("2016/2017", "2018", "2019"). */
  readonly periods: readonly string[];
  /** Its rows: every category, in the report's order, even without a project. */
  readonly rows: readonly TableRow[];
  readonly projectCount: number;
}

/**
 * The table of the report's part V.3: projects started by the end of `throughYear`, by category (rows) and
 * period (columns); abandoned projects are left out. Inside a cell, projects keep the order they were entered in
 * (ids are UUID v7, ordered by time), as the report's cells list them.
 */
export function convergenceTable(projects: readonly ConvergenceProject[], throughYear: number): ConvergenceTable {
  const kept = projects
    .filter((p) => p.status !== 'abandoned' && yearOf(p.startedOn) <= throughYear)
    .slice()
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const periods = [...new Map(kept.map((p) => periodOf(p)).sort((a, b) => a.from - b.from || a.to - b.to).map((p) => [periodLabel(p), p])).keys()];
  const rows = CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    cells: periods.map((period) => ({ period, projects: kept.filter((p) => p.category === category && periodLabel(periodOf(p)) === period) })),
  }));
  return { throughYear, periods, rows, projectCount: kept.length };
}

export interface YearCount {
  readonly year: number;
  readonly category: Category;
  /** Projects started that year. */
  readonly started: number;
  /** Projects running that year (started by then, not ended before it, not abandoned). */
  readonly running: number;
}

/** For a dashboard: each year from `from` to `to`, per category, projects started and running. */
export function countsByYear(projects: readonly ConvergenceProject[], from: number, to: number): YearCount[] {
  const out: YearCount[] = [];
  for (let year = from; year <= to; year++) {
    for (const category of CATEGORIES) {
      const mine = projects.filter((p) => p.category === category && p.status !== 'abandoned');
      out.push({
        year,
        category,
        started: mine.filter((p) => yearOf(p.startedOn) === year).length,
        running: mine.filter((p) => yearOf(p.startedOn) <= year && (p.endedOn === null || yearOf(p.endedOn) >= year)).length,
      });
    }
  }
  return out;
}

// ---- Validation ----

export interface ProjectInput {
  readonly category: string;
  readonly title: string;
  readonly tool?: string | null | undefined;
  readonly startedOn: string;
  readonly endedOn?: string | null | undefined;
  readonly status: string;
  readonly note?: string | null | undefined;
}

export interface ValidProject {
  readonly category: Category;
  readonly title: string;
  readonly tool: string | null;
  readonly startedOn: LegalDate;
  readonly endedOn: LegalDate | null;
  readonly status: ProjectStatus;
  readonly note: string | null;
}

const blank = (v: string | null | undefined) => v == null || v.trim() === '';
const clean = (v: string | null | undefined) => (blank(v) ? null : v!.trim().replace(/\s+/g, ' '));

/** A category or a status given by its code or its French label (any case, accents optional). */
function byCodeOrLabel<T extends string>(value: string, labels: Record<T, string>): T | null {
  const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, ' ').trim();
  const wanted = fold(value);
  return (Object.keys(labels) as T[]).find((code) => fold(code) === wanted || fold(labels[code]) === wanted) ?? null;
}

export const readCategory = (value: string): Category | null => byCodeOrLabel(value, CATEGORY_LABELS);
export const readStatus = (value: string): ProjectStatus | null => byCodeOrLabel(value, PROJECT_STATUS_LABELS);

/** Checks a project as typed; returns it cleaned, or every problem naming its field (in French). */
export function validateProject(input: ProjectInput): { project: ValidProject } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const category = readCategory(input.category ?? '');
  if (!category) problems.push({ field: 'category', message: `Le champ « catégorie » doit valoir ${CATEGORIES.map((c) => `« ${CATEGORY_LABELS[c]} »`).join(', ')}.` });
  const title = clean(input.title) ?? '';
  if (title.length < 3 || title.length > 300) problems.push({ field: 'title', message: 'Le champ « intitulé » est obligatoire (3 à 300 caractères).' });
  const tool = clean(input.tool);
  if (tool && tool.length > 80) problems.push({ field: 'tool', message: 'Le champ « outil ou règle » : 80 caractères au plus.' });
  const startedOn = readLegalDate(input.startedOn ?? '');
  if (!startedOn) problems.push({ field: 'startedOn', message: 'Le champ « début » doit être une année (2018), un mois (2019-03 ou mars 2019) ou un jour (2019-03-15).' });
  let endedOn: LegalDate | null = null;
  if (!blank(input.endedOn)) {
    endedOn = readLegalDate(input.endedOn!);
    if (!endedOn) problems.push({ field: 'endedOn', message: 'Le champ « fin » doit être une année, un mois ou un jour, ou rester vide.' });
    else if (startedOn && lastDay(endedOn) < firstDay(startedOn)) problems.push({ field: 'endedOn', message: 'Le champ « fin » ne peut précéder le début du projet.' });
  }
  const status = readStatus(input.status ?? '');
  if (!status) problems.push({ field: 'status', message: `Le champ « état » doit valoir ${PROJECT_STATUSES.map((s) => `« ${PROJECT_STATUS_LABELS[s]} »`).join(', ')}.` });
  else if (status === 'planned' && endedOn) problems.push({ field: 'status', message: 'Un projet « Prévu » ne peut avoir de date de fin.' });
  const note = clean(input.note);
  if (note && note.length > 1000) problems.push({ field: 'note', message: 'Le champ « remarque » : 1 000 caractères au plus.' });
  if (problems.length > 0) return { problems };
  return { project: { category: category!, title, tool, startedOn: startedOn!, endedOn, status: status!, note } };
}

/** Checks a participant's dates: a join before a leave, both readable. */
export function validateParticipation(joined: string | null | undefined, left: string | null | undefined): { joinedOn: LegalDate | null; leftOn: LegalDate | null } | Problem {
  const joinedOn = blank(joined) ? null : readLegalDate(joined!);
  if (!blank(joined) && !joinedOn) return { field: 'joinedOn', message: 'Le champ « depuis » doit être une année, un mois ou un jour, ou rester vide.' };
  const leftOn = blank(left) ? null : readLegalDate(left!);
  if (!blank(left) && !leftOn) return { field: 'leftOn', message: 'Le champ « jusqu’à » doit être une année, un mois ou un jour, ou rester vide.' };
  if (joinedOn && leftOn && lastDay(leftOn) < firstDay(joinedOn)) return { field: 'leftOn', message: 'Le champ « jusqu’à » ne peut précéder « depuis ».' };
  return { joinedOn, leftOn };
}

// ---- Import (CSV or XLSX) ----

/** The columns of an import file (headers normalized: « Catégorie » → categorie). */
export const IMPORT_COLUMNS = ['categorie', 'intitule', 'outil', 'debut', 'fin', 'etat', 'participants', 'remarque'] as const;
const REQUIRED_COLUMNS = ['categorie', 'intitule', 'debut', 'etat'] as const;
const COLUMN_OF: Record<string, string> = { category: 'categorie', title: 'intitule', tool: 'outil', startedOn: 'debut', endedOn: 'fin', status: 'etat', note: 'remarque' };

export interface ImportLine {
  readonly line: number;
  readonly project: ValidProject;
  readonly participantIds: readonly string[];
}

export interface LocatedProblem {
  readonly line: number;
  readonly column: string;
  readonly message: string;
}

/**
 * Validates every line of an import file. Participants are INSEE codes or SIREN numbers separated by commas or
 * semicolons, resolved by `resolve` (null: not in the territory). Titles must be new: `existing` holds the
 * territory's titles. Returns every problem, located, or the lines to write.
 */
export function validateImport(
  columns: readonly string[],
  records: readonly { line: number; values: Record<string, string> }[],
  resolve: (code: string) => string | null,
  existing: ReadonlySet<string>,
): { lines: ImportLine[] } | { problems: LocatedProblem[] } {
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) return { problems: missing.map((c) => ({ line: 1, column: c, message: `Colonne « ${c} » absente : les colonnes attendues sont ${IMPORT_COLUMNS.join(', ')}.` })) };
  if (records.length === 0) return { problems: [{ line: 2, column: '', message: 'Le fichier ne contient aucun projet.' }] };
  const problems: LocatedProblem[] = [];
  const lines: ImportLine[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of records) {
    const result = validateProject({ category: values.categorie ?? '', title: values.intitule ?? '', tool: values.outil, startedOn: values.debut ?? '', endedOn: values.fin, status: values.etat ?? '', note: values.remarque });
    if ('problems' in result) for (const p of result.problems) problems.push({ line, column: COLUMN_OF[p.field] ?? p.field, message: p.message });
    else {
      const key = result.project.title.toLowerCase();
      if (existing.has(key)) problems.push({ line, column: 'intitule', message: `Le projet « ${result.project.title} » existe déjà dans le territoire.` });
      else if (seen.has(key)) problems.push({ line, column: 'intitule', message: `Le projet « ${result.project.title} » figure déjà à la ligne ${seen.get(key)}.` });
      seen.set(key, line);
    }
    const participantIds: string[] = [];
    for (const code of (values.participants ?? '').split(/[,;]/).map((c) => c.trim()).filter(Boolean)) {
      const id = resolve(code);
      if (!id) problems.push({ line, column: 'participants', message: `« ${code} » n'est ni le code INSEE ni le SIREN d'une collectivité du territoire.` });
      else if (!participantIds.includes(id)) participantIds.push(id);
    }
    if ('project' in result) lines.push({ line, project: result.project, participantIds });
  }
  return problems.length > 0 ? { problems } : { lines };
}
