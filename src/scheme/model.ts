import { isCalendarDate, type LegalDate } from '../platform/format.ts';
import { firstDay, lastDay, readLegalDate, type Problem } from '../convergence/model.ts';

export type { Problem };

export const ACTION_STATUSES = ['planned', 'inProgress', 'done', 'abandoned'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { planned: 'Prévue', inProgress: 'En cours', done: 'Réalisée', abandoned: 'Abandonnée' };

export const OPINIONS = ['favourable', 'unfavourable'] as const;
export type Opinion = (typeof OPINIONS)[number];
export const OPINION_LABELS: Record<Opinion, string> = { favourable: 'Favorable', unfavourable: 'Défavorable' };

/** Where a commune's opinion stands on a given day. */
export type OpinionState = 'favourable' | 'unfavourable' | 'tacitFavourable' | 'pending' | 'notAsked';
export const OPINION_STATE_LABELS: Record<OpinionState, string> = {
  favourable: 'Favorable',
  unfavourable: 'Défavorable',
  tacitFavourable: 'Réputé favorable (silence)',
  pending: 'En attente',
  notAsked: 'Non encore consultée',
};

export interface PoolingScheme {
  readonly id: string;
  readonly title: string;
  readonly sentToCommunesOn: string | null;
  readonly adoptedOn: LegalDate | null;
  readonly adoptingBody: string | null;
  readonly deliberationReference: string | null;
  readonly context: string;
  readonly orientations: readonly string[];
  readonly principles: readonly string[];
  readonly note: string | null;
}

export interface SchemeAction {
  readonly id: string;
  readonly schemeId: string;
  /** 1-based number of the orientation it serves. */
  readonly orientation: number | null;
  readonly title: string;
  readonly description: string | null;
  readonly status: ActionStatus;
  readonly startedOn: LegalDate | null;
  readonly completedOn: LegalDate | null;
}

/** A commune council's explicit opinion, as recorded. */
export interface RecordedOpinion {
  readonly id: string;
  readonly collectivityId: string;
  readonly opinion: Opinion;
  readonly givenOn: string;
  readonly deliberationReference: string | null;
}

// ---- The communes' opinions (CGCT L5211-39-1) ----

/**
 * The last day a commune council may give its opinion: three months after the draft was sent. Counted as months
 * are in French law (the same day number three months later, or the month's last day when it has none, as in
 * Code de procédure civile art. 641); no extension for a week-end or a public holiday (none is written for this délai).
 */
export function opinionDeadline(sentOn: string): string {
  const [y, m, d] = sentOn.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + 3;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, days)).padStart(2, '0')}`;
}

export interface CommuneOpinion {
  readonly collectivityId: string;
  readonly name: string;
  readonly state: OpinionState;
  /** The recorded opinion, when there is one (even a late one). */
  readonly recorded: RecordedOpinion | null;
  /** True when the recorded opinion came after the deadline: the silence had already counted as favourable. */
  readonly late: boolean;
}

/**
 * Each consulted commune's opinion on `today`. CGCT L5211-39-1: each council has three months to give its opinion;
 * without a deliberation within that time, its opinion is deemed favourable. An opinion voted after the deadline
 * does not undo that: it is shown as late.
 */
export function communeOpinions(
  communes: readonly { id: string; name: string }[],
  recorded: readonly RecordedOpinion[],
  sentOn: string | null,
  today: string,
): CommuneOpinion[] {
  const byCommune = new Map(recorded.map((r) => [r.collectivityId, r]));
  const deadline = sentOn ? opinionDeadline(sentOn) : null;
  return communes.map((c) => {
    const r = byCommune.get(c.id) ?? null;
    if (!sentOn || !deadline) return { collectivityId: c.id, name: c.name, state: 'notAsked', recorded: r, late: false };
    if (r && r.givenOn <= deadline && r.givenOn <= today) return { collectivityId: c.id, name: c.name, state: r.opinion, recorded: r, late: false };
    if (today > deadline) return { collectivityId: c.id, name: c.name, state: 'tacitFavourable', recorded: r, late: r !== null };
    return { collectivityId: c.id, name: c.name, state: 'pending', recorded: r, late: false };
  });
}

export interface OpinionTally {
  readonly consulted: number;
  readonly favourable: number;
  readonly tacitFavourable: number;
  readonly unfavourable: number;
  readonly pending: number;
  /** Explicit and tacit favourable opinions together. */
  readonly favourableInAll: number;
}

export function tallyOpinions(opinions: readonly CommuneOpinion[]): OpinionTally {
  const count = (state: OpinionState) => opinions.filter((o) => o.state === state).length;
  const favourable = count('favourable');
  const tacitFavourable = count('tacitFavourable');
  return {
    consulted: opinions.filter((o) => o.state !== 'notAsked').length,
    favourable,
    tacitFavourable,
    unfavourable: count('unfavourable'),
    pending: count('pending'),
    favourableInAll: favourable + tacitFavourable,
  };
}

/** Refuses an opinion dated before the draft was sent, in the future, or when the draft was never sent. */
export function opinionProblem(sentOn: string | null, givenOn: string, today: string): Problem | null {
  if (!isCalendarDate(givenOn)) return { field: 'givenOn', message: 'Le champ « date de la délibération » doit être une date valide (AAAA-MM-JJ).' };
  if (!sentOn) return { field: 'givenOn', message: "Le projet de schéma n'a pas été transmis aux communes : renseignez d'abord sa date de transmission." };
  if (givenOn < sentOn) return { field: 'givenOn', message: 'Le champ « date de la délibération » ne peut précéder la transmission du projet aux communes.' };
  if (givenOn > today) return { field: 'givenOn', message: 'Le champ « date de la délibération » ne peut être dans le futur.' };
  return null;
}

// ---- Validation of the scheme and its actions ----

export interface SchemeInput {
  readonly title: string;
  readonly sentToCommunesOn?: string | null | undefined;
  readonly adoptedOn?: string | null | undefined;
  readonly adoptingBody?: string | null | undefined;
  readonly deliberationReference?: string | null | undefined;
  readonly context: string;
  readonly orientations: readonly string[];
  readonly principles: readonly string[];
  readonly note?: string | null | undefined;
}

export type ValidScheme = Omit<PoolingScheme, 'id'>;

const blank = (v: string | null | undefined) => v == null || v.trim() === '';
const clean = (v: string | null | undefined) => (blank(v) ? null : v!.trim());
const items = (list: readonly string[]) => list.map((s) => s.trim().replace(/\s+/g, ' ')).filter(Boolean);

export function validateScheme(input: SchemeInput): { scheme: ValidScheme } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const title = clean(input.title) ?? '';
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', message: 'Le champ « intitulé » est obligatoire (3 à 200 caractères).' });
  const sentToCommunesOn = clean(input.sentToCommunesOn);
  if (sentToCommunesOn && !isCalendarDate(sentToCommunesOn)) problems.push({ field: 'sentToCommunesOn', message: 'Le champ « transmis aux communes le » doit être une date valide (AAAA-MM-JJ).' });
  const adoptedOn = blank(input.adoptedOn) ? null : readLegalDate(input.adoptedOn!);
  if (!blank(input.adoptedOn) && !adoptedOn) problems.push({ field: 'adoptedOn', message: 'Le champ « adopté le » doit être une date (AAAA-MM-JJ, ou un mois, ou une année).' });
  if (adoptedOn && sentToCommunesOn && isCalendarDate(sentToCommunesOn) && lastDay(adoptedOn) < sentToCommunesOn) problems.push({ field: 'adoptedOn', message: 'Le schéma ne peut être adopté avant la transmission de son projet aux communes.' });
  const context = clean(input.context) ?? '';
  if (context.length > 5000) problems.push({ field: 'context', message: 'Le champ « contexte » : 5 000 caractères au plus.' });
  const orientations = items(input.orientations);
  if (orientations.length === 0) problems.push({ field: 'orientations', message: 'Le champ « orientations » doit en donner au moins une (une par ligne).' });
  if (orientations.length > 30 || orientations.some((o) => o.length > 600)) problems.push({ field: 'orientations', message: 'Le champ « orientations » : 30 orientations de 600 caractères au plus.' });
  const principles = items(input.principles);
  if (principles.length > 30 || principles.some((o) => o.length > 300)) problems.push({ field: 'principles', message: 'Le champ « principes » : 30 principes de 300 caractères au plus.' });
  const adoptingBody = clean(input.adoptingBody);
  if (adoptingBody && adoptingBody.length > 200) problems.push({ field: 'adoptingBody', message: 'Le champ « instance » : 200 caractères au plus.' });
  const deliberationReference = clean(input.deliberationReference);
  if (deliberationReference && deliberationReference.length > 100) problems.push({ field: 'deliberationReference', message: 'Le champ « délibération » : 100 caractères au plus.' });
  const note = clean(input.note);
  if (note && note.length > 2000) problems.push({ field: 'note', message: 'Le champ « remarque » : 2 000 caractères au plus.' });
  if (problems.length > 0) return { problems };
  return { scheme: { title, sentToCommunesOn, adoptedOn, adoptingBody, deliberationReference, context, orientations, principles, note } };
}

export interface ActionInput {
  readonly orientation?: number | null | undefined;
  readonly title: string;
  readonly description?: string | null | undefined;
  readonly status: string;
  readonly startedOn?: string | null | undefined;
  readonly completedOn?: string | null | undefined;
}

export type ValidAction = Omit<SchemeAction, 'id' | 'schemeId'>;

/** Checks an action against its scheme (its orientation must exist); a completed action is « Réalisée ». */
export function validateAction(input: ActionInput, orientationCount: number): { action: ValidAction } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const title = clean(input.title)?.replace(/\s+/g, ' ') ?? '';
  if (title.length < 3 || title.length > 300) problems.push({ field: 'title', message: 'Le champ « intitulé » est obligatoire (3 à 300 caractères).' });
  const orientation = input.orientation ?? null;
  if (orientation !== null && (!Number.isInteger(orientation) || orientation < 1 || orientation > orientationCount)) problems.push({ field: 'orientation', message: `Le champ « orientation » doit être le numéro d'une orientation du schéma (1 à ${orientationCount}).` });
  const status = (ACTION_STATUSES as readonly string[]).includes(input.status) ? (input.status as ActionStatus) : null;
  if (!status) problems.push({ field: 'status', message: `Le champ « état » doit valoir ${ACTION_STATUSES.map((s) => `« ${ACTION_STATUS_LABELS[s]} »`).join(', ')}.` });
  const startedOn = blank(input.startedOn) ? null : readLegalDate(input.startedOn!);
  if (!blank(input.startedOn) && !startedOn) problems.push({ field: 'startedOn', message: 'Le champ « début » doit être une année, un mois ou un jour, ou rester vide.' });
  const completedOn = blank(input.completedOn) ? null : readLegalDate(input.completedOn!);
  if (!blank(input.completedOn) && !completedOn) problems.push({ field: 'completedOn', message: 'Le champ « réalisée le » doit être une année, un mois ou un jour, ou rester vide.' });
  if (completedOn && status && status !== 'done') problems.push({ field: 'completedOn', message: 'Seule une action « Réalisée » a une date de réalisation.' });
  if (startedOn && completedOn && lastDay(completedOn) < firstDay(startedOn)) problems.push({ field: 'completedOn', message: 'Le champ « réalisée le » ne peut précéder le début.' });
  const description = clean(input.description);
  if (description && description.length > 3000) problems.push({ field: 'description', message: 'Le champ « description » : 3 000 caractères au plus.' });
  if (problems.length > 0) return { problems };
  return { action: { orientation, title, description, status: status!, startedOn, completedOn } };
}

export interface ActionCounts {
  readonly total: number;
  readonly byStatus: Readonly<Record<ActionStatus, number>>;
}

export function countActions(actions: readonly Pick<SchemeAction, 'status'>[]): ActionCounts {
  const byStatus = Object.fromEntries(ACTION_STATUSES.map((s) => [s, actions.filter((a) => a.status === s).length])) as Record<ActionStatus, number>;
  return { total: actions.length, byStatus };
}
