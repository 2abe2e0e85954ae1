import type { Database, Tx } from '../platform/db/database.ts';
import { recordAudit } from '../platform/audit.ts';
import { scopeOf, type TerritoryContext } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import { NotFoundError, UserError } from '../platform/http/errors.ts';
import { parseLegalDate } from '../platform/format.ts';
import * as territory from '../territory/service.ts';
import type { Collectivity } from '../territory/model.ts';
import { checkEligibility, isOpen, offerProblems, periodProblem, refusalProblem, subscriptionState, type Account, type Candidate, type Domain, type EligibilityRule, type EligibilityVerdict, type Offer, type OfferInput, type OfferKind, type OfferStatus, type Pricing, type Problem, type Referent, type Subscription, type SubscriptionState, type Theme, type Trainee, type TrainingSession } from './model.ts';
import { computeYearIndicators, type OfferYearIndicators } from './indicators.ts';
import * as store from './store.ts';

export function refuse(problem: Problem | null | undefined, status: 400 | 409 = 400): void {
  if (problem) throw new UserError(problem.message, status, problem.field);
}

/** The territory's collectivities as candidates for an offer, communes with their population on `today`. */
export async function candidates(db: Database, ctx: TerritoryContext, today: string): Promise<Map<string, Candidate & { collectivity: Collectivity }>> {
  const communes = new Map((await territory.listCommunes(db, ctx, { on: today })).map((c) => [c.id, c.population]));
  const all = await territory.listCollectivities(db, ctx);
  return new Map(all.map((c) => [c.id, { id: c.id, name: c.name, kind: c.kind, inseeCode: c.inseeCode, population: communes.get(c.id) ?? null, collectivity: c }]));
}

export async function loadOffer(tx: Tx, ctx: TerritoryContext, offerId: string): Promise<Offer> {
  const offer = await store.findOffer(tx, ctx.territoryId, offerId);
  if (!offer) throw new NotFoundError("Cette offre n'existe pas dans le catalogue du territoire.");
  return offer;
}

export interface CatalogueCard {
  readonly offer: Offer;
  readonly provider: string;
  /** Communes with an active subscription today. */
  readonly activeCommunes: number;
  /** For the commune chosen in the filter: may it subscribe, and why. */
  readonly verdict: EligibilityVerdict | null;
  readonly state: SubscriptionState | null;
}

export interface CatalogueFilter {
  readonly domain?: Domain | undefined;
  /** Only the offers this collectivity may subscribe to, or already uses. */
  readonly collectivityId?: string | undefined;
}

/** The catalogue as cards: every offer that is not closed, with who uses it, filtered by domain and by eligibility. */
export async function listCatalogue(db: Database, ctx: TerritoryContext, filter: CatalogueFilter, today: string): Promise<CatalogueCard[]> {
  const who = await candidates(db, ctx, today);
  const chosen = filter.collectivityId ? who.get(filter.collectivityId) : undefined;
  if (filter.collectivityId && !chosen) throw new NotFoundError("Cette collectivité n'appartient pas au territoire.");
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offers = await store.listOffers(tx, ctx.territoryId);
    const subscriptions = await store.listSubscriptions(tx, ctx.territoryId);
    return offers
      .filter((o) => o.status !== 'closed' && (!filter.domain || o.domain === filter.domain))
      .map((offer) => {
        const subs = subscriptions.filter((s) => s.offerId === offer.id);
        const mine = chosen ? subs.filter((s) => s.collectivityId === chosen.id).at(-1) : undefined;
        return {
          offer,
          provider: offer.providerService ?? who.get(offer.providerId)?.name ?? '—',
          activeCommunes: new Set(subs.filter((s) => subscriptionState(s, today) === 'active' && who.get(s.collectivityId)?.kind === 'commune').map((s) => s.collectivityId)).size,
          verdict: chosen ? checkEligibility(offer, chosen) : null,
          state: mine ? subscriptionState(mine, today) : null,
        };
      })
      .filter((card) => !card.verdict || card.verdict.eligible || card.state === 'active');
  });
}

export interface OfferUser {
  readonly collectivityId: string;
  readonly name: string;
  readonly inseeCode: string | null;
  readonly since: string;
  readonly accounts: number;
}

export interface OfferDetail {
  readonly offer: Offer;
  readonly provider: string;
  readonly users: readonly OfferUser[];
  readonly sessions: number;
  readonly meetings: number;
}

/** An offer with who uses it today (communes and their number of accounts). */
export async function offerDetail(db: Database, ctx: TerritoryContext, offerId: string, today: string): Promise<OfferDetail> {
  const who = await candidates(db, ctx, today);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offer = await loadOffer(tx, ctx, offerId);
    const active = (await store.listSubscriptions(tx, ctx.territoryId, { offerId, status: 'approved' })).filter((s) => subscriptionState(s, today) === 'active');
    const accounts = await store.listAccounts(tx, ctx.territoryId, active.map((s) => s.id));
    const openCount = (s: Subscription) => accounts.filter((a) => a.subscriptionId === s.id && (a.closedOn === null || a.closedOn >= today)).reduce((n, a) => n + a.count, 0);
    const users = active
      .map((s) => ({ collectivityId: s.collectivityId, name: who.get(s.collectivityId)?.name ?? '—', inseeCode: who.get(s.collectivityId)?.inseeCode ?? null, since: s.startsOn!, accounts: openCount(s) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    const sessions = (await store.listSessions(tx, ctx.territoryId)).filter((s) => s.offerId === offerId).length;
    const meetings = (await store.listMeetings(tx, ctx.territoryId, offerId)).length;
    return { offer, provider: offer.providerService ?? who.get(offer.providerId)?.name ?? '—', users, sessions, meetings };
  });
}

export interface NewOffer extends OfferInput {
  readonly providerId: string;
  readonly providerService?: string | null | undefined;
  readonly contact?: string | null | undefined;
  readonly subItems?: readonly { title: string; launchedOn: string | null }[] | undefined;
}

const clean = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());

/** Builds an offer from its input (checked; French problems naming the field). */
export function offerFrom(input: NewOffer, id: string): Offer {
  refuse(offerProblems(input)[0]);
  const launch = input.launchedOn ? parseLegalDate(input.launchedOn) : null;
  const subItems = (input.subItems ?? []).map((item, i) => {
    const date = item.launchedOn ? parseLegalDate(item.launchedOn) : null;
    if (item.title.trim() === '' || (item.launchedOn && !date)) throw new UserError(`Le sous-élément n° ${i + 1} : intitulé obligatoire, date au format AAAA, AAAA-MM ou AAAA-MM-JJ.`, 400, 'subItems');
    return { title: item.title.trim(), launchedOn: date?.value ?? null, launchPrecision: date?.precision ?? null };
  });
  return {
    id,
    code: input.code,
    title: input.title.trim(),
    description: input.description.trim(),
    kind: input.kind as OfferKind,
    domain: input.domain as Domain,
    providerId: input.providerId,
    providerService: clean(input.providerService),
    launchedOn: launch?.value ?? null,
    launchPrecision: launch?.precision ?? null,
    status: (input.status ?? 'open') as OfferStatus,
    subItems,
    eligibility: (input.eligibility ?? []) as EligibilityRule[],
    pricing: (input.pricing ?? 'free') as Pricing,
    allocationKey: clean(input.allocationKey),
    contact: clean(input.contact),
    theme: (clean(input.theme) as Theme | null) ?? null,
  };
}

/** Adds an offer to the catalogue (the pooling team). */
export async function createOffer(db: Database, ctx: TerritoryContext, input: NewOffer): Promise<Offer> {
  const offer = offerFrom(input, newId());
  const register = await territory.listCollectivities(db, ctx);
  if (!register.some((c) => c.id === offer.providerId)) throw new UserError("Le fournisseur choisi n'est pas une collectivité du registre du territoire.", 400, 'providerId');
  return db.transaction(scopeOf(ctx), async (tx) => {
    if (await store.findOfferByCode(tx, ctx.territoryId, offer.code)) throw new UserError(`Le code « ${offer.code} » est déjà celui d'une autre offre.`, 409, 'code');
    await store.insertOffers(tx, [{ territoryId: ctx.territoryId, ...offer }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'catalogue_offers', entityId: offer.id, before: null, after: offer }]);
    return offer;
  });
}

async function candidateOrRefuse(db: Database, ctx: TerritoryContext, collectivityId: string, today: string): Promise<Candidate> {
  const who = (await candidates(db, ctx, today)).get(collectivityId);
  if (!who) throw new NotFoundError("Cette collectivité n'appartient pas au territoire.");
  return who;
}

/** A commune asks to subscribe to an offer: refused, with the reason, when it is not eligible or already subscribed. */
export async function requestSubscription(db: Database, ctx: TerritoryContext, collectivityId: string, offerId: string, note: string | null, today: string): Promise<Subscription> {
  const who = await candidateOrRefuse(db, ctx, collectivityId, today);
  if (note && note.length > 1000) throw new UserError('Le champ « commentaire » : 1 000 caractères au plus.', 400, 'note');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offer = await loadOffer(tx, ctx, offerId);
    const verdict = checkEligibility(offer, who);
    if (!verdict.eligible) throw new UserError(verdict.reason, 400, 'offerId');
    const existing = (await store.listSubscriptions(tx, ctx.territoryId, { offerId, collectivityId })).find((s) => isOpen(s, today));
    if (existing) throw new UserError(`${who.name} a déjà une adhésion ${subscriptionState(existing, today) === 'requested' ? 'demandée' : 'en cours'} à « ${offer.title} ».`, 409, 'offerId');
    const subscription: Subscription = { id: newId(), offerId, collectivityId, status: 'requested', requestedOn: today, requestNote: clean(note), decidedOn: null, refusalReason: null, startsOn: null, endsOn: null };
    await store.insertSubscriptions(tx, [{ territoryId: ctx.territoryId, ...subscription }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'demande', entity: 'catalogue_subscriptions', entityId: subscription.id, before: null, after: subscription }]);
    return subscription;
  });
}

async function pending(tx: Tx, ctx: TerritoryContext, subscriptionId: string): Promise<Subscription> {
  const s = await store.findSubscription(tx, ctx.territoryId, subscriptionId);
  if (!s) throw new NotFoundError("Cette demande d'adhésion n'existe pas dans le territoire.");
  if (s.status !== 'requested') throw new UserError(`Cette demande a déjà été ${s.status === 'approved' ? 'acceptée' : 'refusée'}.`, 409, 'subscriptionId');
  return s;
}

/** The pooling team approves a request: eligibility checked again, the subscription active from `startsOn`. */
export async function approveSubscription(db: Database, ctx: TerritoryContext, subscriptionId: string, period: { startsOn: string; endsOn?: string | null }, today: string): Promise<Subscription> {
  const endsOn = clean(period.endsOn);
  refuse(periodProblem(period.startsOn, endsOn));
  const who = await candidates(db, ctx, today);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await pending(tx, ctx, subscriptionId);
    const offer = await loadOffer(tx, ctx, before.offerId);
    const verdict = checkEligibility(offer, who.get(before.collectivityId)!);
    if (!verdict.eligible) throw new UserError(`${verdict.reason} La demande ne peut pas être acceptée ; refusez-la en donnant ce motif.`, 409, 'subscriptionId');
    const after: Subscription = { ...before, status: 'approved', decidedOn: today, startsOn: period.startsOn, endsOn };
    await store.updateSubscription(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'acceptation', entity: 'catalogue_subscriptions', entityId: after.id, before, after }]);
    return after;
  });
}

/** The pooling team refuses a request, with the reason the commune will read. */
export async function refuseSubscription(db: Database, ctx: TerritoryContext, subscriptionId: string, reason: string, today: string): Promise<Subscription> {
  refuse(refusalProblem(reason));
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await pending(tx, ctx, subscriptionId);
    const after: Subscription = { ...before, status: 'refused', decidedOn: today, refusalReason: reason.trim() };
    await store.updateSubscription(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'refus', entity: 'catalogue_subscriptions', entityId: after.id, before, after }]);
    return after;
  });
}

/** Ends an approved subscription on a date (not before it started). */
export async function endSubscription(db: Database, ctx: TerritoryContext, subscriptionId: string, endsOn: string): Promise<Subscription> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const before = await store.findSubscription(tx, ctx.territoryId, subscriptionId);
    if (!before) throw new NotFoundError("Cette adhésion n'existe pas dans le territoire.");
    if (before.status !== 'approved') throw new UserError("Seule une adhésion acceptée peut prendre fin.", 409, 'subscriptionId');
    refuse(periodProblem(before.startsOn!, endsOn));
    const after: Subscription = { ...before, endsOn };
    await store.updateSubscription(tx, ctx.territoryId, after);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'fin', entity: 'catalogue_subscriptions', entityId: after.id, before, after }]);
    return after;
  });
}

/** Opens access accounts under an approved subscription: a number of them, or one named holder. */
export async function openAccounts(db: Database, ctx: TerritoryContext, subscriptionId: string, input: { count: number; holderName?: string | null; openedOn: string }): Promise<Account> {
  const holderName = clean(input.holderName);
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 10_000) throw new UserError('Le champ « nombre de comptes » doit être un entier positif.', 400, 'count');
  if (holderName && input.count !== 1) throw new UserError('Un compte nominatif est un seul compte : nombre de comptes = 1.', 400, 'count');
  return db.transaction(scopeOf(ctx), async (tx) => {
    const s = await store.findSubscription(tx, ctx.territoryId, subscriptionId);
    if (!s) throw new NotFoundError("Cette adhésion n'existe pas dans le territoire.");
    if (s.status !== 'approved') throw new UserError("Des comptes ne s'ouvrent que sur une adhésion acceptée.", 409, 'subscriptionId');
    const problem = periodProblem(s.startsOn!, input.openedOn);
    if (problem) throw new UserError(problem.field === 'endsOn' ? "Le champ « ouverture » : les comptes ne s'ouvrent pas avant le début de l'adhésion." : 'Le champ « ouverture » doit être une date (AAAA-MM-JJ).', 400, 'openedOn');
    const account: Account = { id: newId(), subscriptionId, count: input.count, holderName, openedOn: input.openedOn, closedOn: null };
    await store.insertAccounts(tx, [{ territoryId: ctx.territoryId, ...account }]);
    await recordAudit(tx, ctx.territoryId, ctx.actor, [{ action: 'création', entity: 'catalogue_accounts', entityId: account.id, before: null, after: account }]);
    return account;
  });
}

export interface RequestRow {
  readonly subscription: Subscription;
  readonly offer: Offer;
  readonly collectivity: Candidate;
  readonly verdict: EligibilityVerdict;
}

/** Requests waiting for the pooling team, oldest first, each with its eligibility checked today. */
export async function listRequests(db: Database, ctx: TerritoryContext, today: string): Promise<RequestRow[]> {
  const who = await candidates(db, ctx, today);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offers = new Map((await store.listOffers(tx, ctx.territoryId)).map((o) => [o.id, o]));
    const requests = await store.listSubscriptions(tx, ctx.territoryId, { status: 'requested' });
    return requests.map((s) => {
      const offer = offers.get(s.offerId)!;
      const collectivity = who.get(s.collectivityId)!;
      return { subscription: s, offer, collectivity, verdict: checkEligibility(offer, collectivity) };
    });
  });
}

export interface PortalSubscription {
  readonly subscription: Subscription;
  readonly offer: Offer;
  readonly state: SubscriptionState;
  readonly accounts: readonly Account[];
}

export interface PortalTraining {
  readonly session: TrainingSession;
  readonly offerTitle: string;
  readonly trainees: readonly Trainee[];
}

export interface CommunePortal {
  readonly commune: Candidate;
  readonly subscriptions: readonly PortalSubscription[];
  readonly referents: readonly Referent[];
  readonly trainings: readonly PortalTraining[];
  /** Offers it may subscribe to and has no open subscription to. */
  readonly couldUse: readonly { offer: Offer; verdict: EligibilityVerdict }[];
  /** Offers it may not subscribe to, with the reason. */
  readonly notEligible: readonly { offer: Offer; verdict: EligibilityVerdict }[];
}

/** "What my commune uses, what it could use": its subscriptions and accounts, referents, trainings, and the offers left. */
export async function communePortal(db: Database, ctx: TerritoryContext, collectivityId: string, today: string): Promise<CommunePortal> {
  const commune = await candidateOrRefuse(db, ctx, collectivityId, today);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const offers = await store.listOffers(tx, ctx.territoryId);
    const byId = new Map(offers.map((o) => [o.id, o]));
    const subs = await store.listSubscriptions(tx, ctx.territoryId, { collectivityId });
    const accounts = await store.listAccounts(tx, ctx.territoryId, subs.map((s) => s.id));
    const subscriptions = subs
      .map((s) => ({ subscription: s, offer: byId.get(s.offerId)!, state: subscriptionState(s, today), accounts: accounts.filter((a) => a.subscriptionId === s.id) }))
      .sort((a, b) => a.offer.title.localeCompare(b.offer.title, 'fr') || b.subscription.requestedOn.localeCompare(a.subscription.requestedOn));
    const trainees = await store.listTrainees(tx, ctx.territoryId, { collectivityId });
    const sessions = (await store.listSessions(tx, ctx.territoryId)).filter((s) => trainees.some((t) => t.sessionId === s.id));
    const trainings = sessions.reverse().map((session) => ({ session, offerTitle: byId.get(session.offerId)?.title ?? '—', trainees: trainees.filter((t) => t.sessionId === session.id) }));
    const referents = await store.listReferents(tx, ctx.territoryId, { collectivityId });
    // A network whose theme has a referent of the commune counts the commune among its members already.
    const member = (o: Offer) => o.kind === 'network' && o.theme !== null && referents.some((r) => r.theme === o.theme);
    const open = new Set(subs.filter((s) => isOpen(s, today)).map((s) => s.offerId));
    const left = offers.filter((o) => o.status !== 'closed' && !open.has(o.id) && !member(o)).map((offer) => ({ offer, verdict: checkEligibility(offer, commune) }));
    return {
      commune,
      subscriptions,
      referents,
      trainings,
      couldUse: left.filter((l) => l.verdict.eligible),
      notEligible: left.filter((l) => !l.verdict.eligible),
    };
  });
}

export interface CatalogueYearIndicators {
  readonly year: number;
  /** Each offer's labelled figures (value and the year before), in the catalogue's order. */
  readonly offers: readonly OfferYearIndicators[];
}

/**
 * The catalogue's figures of a year, for the yearly progress report (issue 12): per offer, the communes subscribed,
 * accounts, people trained and communes represented, meetings held and their attendees, with the year before.
 * Read only; computed from the rows at the time of the call (indicators.ts computeYearIndicators says how each is counted).
 */
export async function catalogueYearIndicators(db: Database, ctx: TerritoryContext, year: number): Promise<CatalogueYearIndicators> {
  const communeIds = await territory.communeIds(db, ctx);
  return db.transaction(scopeOf(ctx), async (tx) => {
    const t = ctx.territoryId;
    const offers = await store.listOffers(tx, t);
    const data = {
      offers,
      subscriptions: await store.listSubscriptions(tx, t),
      accounts: await store.listAccounts(tx, t),
      sessions: await store.listSessions(tx, t),
      trainees: await store.listTrainees(tx, t),
      meetings: await store.listMeetings(tx, t),
      attendances: await store.listAttendances(tx, t),
      referents: await store.listReferents(tx, t),
      communeIds,
    };
    return { year, offers: computeYearIndicators(year, data) };
  });
}

/** The years something happened in the catalogue (subscriptions started, sessions, meetings), oldest first. */
export async function indicatorYears(db: Database, ctx: TerritoryContext): Promise<number[]> {
  return db.transaction(scopeOf(ctx), async (tx) => {
    const t = ctx.territoryId;
    const dates = [
      ...(await store.listSubscriptions(tx, t, { status: 'approved' })).map((s) => s.startsOn!),
      ...(await store.listSessions(tx, t)).map((s) => s.heldOn),
      ...(await store.listMeetings(tx, t)).map((m) => m.heldOn),
    ];
    return [...new Set(dates.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  });
}
