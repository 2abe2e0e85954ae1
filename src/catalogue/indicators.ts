import { formatInteger } from '../platform/format.ts';
import type { Account, Attendance, Meeting, Offer, Referent, Subscription, Trainee, TrainingSession } from './model.ts';

// Indicators per year, computed from the rows (pure): what the yearly progress report prints.

export const INDICATOR_KEYS = ['subscribedCommunes', 'accounts', 'peopleTrained', 'communesRepresented', 'outsideTrained', 'meetingsHeld', 'attendees', 'referentCommunes', 'newSubItems'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  subscribedCommunes: 'Communes adhérentes',
  accounts: "Comptes d'accès",
  peopleTrained: 'Personnes formées',
  communesRepresented: 'Communes représentées en formation',
  outsideTrained: 'Personnes formées hors du territoire',
  meetingsHeld: 'Réunions et événements tenus',
  attendees: 'Participants',
  referentCommunes: 'Communes ayant un référent',
  newSubItems: 'Nouvelles applications mises en service',
};
export const INDICATOR_RULES: Record<IndicatorKey, string> = {
  subscribedCommunes: 'Communes dont l’adhésion acceptée couvre au moins un jour de l’année.',
  accounts: 'Comptes ouverts au plus tard le 31 décembre et non fermés avant le 1er janvier, sur les adhésions de l’offre.',
  peopleTrained: 'Personnes distinctes du territoire formées lors des sessions de l’année (comptées même après anonymisation).',
  communesRepresented: 'Communes distinctes dont au moins un agent ou un élu a suivi une session de l’année.',
  outsideTrained: 'Personnes distinctes d’organismes extérieurs au territoire, comptées à part.',
  meetingsHeld: 'Réunions du réseau ou événements de l’offre tenus dans l’année.',
  attendees: 'Participants aux réunions et événements de l’année, y compris ceux venus d’autres collectivités.',
  referentCommunes: 'Communes ayant désigné un référent sur le thème du réseau (à la date du calcul).',
  newSubItems: 'Sous-éléments de l’offre (applications…) mis en service dans l’année.',
};

export interface IndicatorFigure {
  readonly key: IndicatorKey;
  readonly label: string;
  readonly value: number;
  /** The same figure the year before, for the evolution. */
  readonly previous: number;
}

export interface OfferYearIndicators {
  readonly offerId: string;
  readonly code: string;
  readonly title: string;
  /** The figures that apply to the offer (non-zero this year or the year before). */
  readonly figures: readonly IndicatorFigure[];
}

export interface IndicatorInput {
  readonly offers: readonly Offer[];
  readonly subscriptions: readonly Subscription[];
  readonly accounts: readonly Account[];
  readonly sessions: readonly TrainingSession[];
  readonly trainees: readonly Trainee[];
  readonly meetings: readonly Meeting[];
  readonly attendances: readonly Attendance[];
  readonly referents: readonly Referent[];
  /** The territory's communes: what "communes" counts. */
  readonly communeIds: ReadonlySet<string>;
}

type Counts = Record<IndicatorKey, number>;

function countsFor(offer: Offer, year: number, data: IndicatorInput): Counts {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const covers = (from: string | null, to: string | null) => from !== null && from <= last && (to === null || to >= first);
  const subs = data.subscriptions.filter((s) => s.offerId === offer.id && s.status === 'approved' && covers(s.startsOn, s.endsOn));
  const subIds = new Set(data.subscriptions.filter((s) => s.offerId === offer.id && s.status === 'approved').map((s) => s.id));
  const accounts = data.accounts.filter((a) => subIds.has(a.subscriptionId) && covers(a.openedOn, a.closedOn)).reduce((n, a) => n + a.count, 0);
  const sessions = new Set(data.sessions.filter((s) => s.offerId === offer.id && s.heldOn.startsWith(`${year}-`)).map((s) => s.id));
  const trainees = data.trainees.filter((t) => sessions.has(t.sessionId));
  const inside = trainees.filter((t) => t.collectivityId !== null);
  const meetings = data.meetings.filter((m) => m.offerId === offer.id && m.heldOn.startsWith(`${year}-`));
  const meetingIds = new Set(meetings.map((m) => m.id));
  const attendees = data.attendances.filter((a) => meetingIds.has(a.meetingId)).reduce((n, a) => n + a.attendees, 0) + meetings.reduce((n, m) => n + m.outsideAttendees, 0);
  return {
    subscribedCommunes: new Set(subs.map((s) => s.collectivityId).filter((id) => data.communeIds.has(id))).size,
    accounts,
    peopleTrained: new Set(inside.map((t) => t.personRef)).size,
    communesRepresented: new Set(inside.map((t) => t.collectivityId!).filter((id) => data.communeIds.has(id))).size,
    outsideTrained: new Set(trainees.filter((t) => t.collectivityId === null).map((t) => t.personRef)).size,
    meetingsHeld: meetings.length,
    attendees,
    referentCommunes: offer.theme ? new Set(data.referents.filter((r) => r.theme === offer.theme && data.communeIds.has(r.collectivityId)).map((r) => r.collectivityId)).size : 0,
    newSubItems: offer.subItems.filter((i) => i.launchedOn?.startsWith(String(year))).length,
  };
}

/** Each offer's figures for the year, with the year before for the evolution; figures that are zero both years are left out. */
export function computeYearIndicators(year: number, data: IndicatorInput): OfferYearIndicators[] {
  return data.offers.map((offer) => {
    const now = countsFor(offer, year, data);
    const before = countsFor(offer, year - 1, data);
    return {
      offerId: offer.id,
      code: offer.code,
      title: offer.title,
      figures: INDICATOR_KEYS.filter((k) => now[k] !== 0 || before[k] !== 0).map((key) => ({ key, label: INDICATOR_LABELS[key], value: now[key], previous: before[key] })),
    };
  });
}

/** "+12", "−3", "=" : the evolution from one year to the next, in French typography. */
export function evolutionText(value: number, previous: number): string {
  const delta = value - previous;
  if (delta === 0) return '=';
  return delta > 0 ? `+${formatInteger(delta)}` : formatInteger(delta);
}

