import { Type } from '@sinclair/typebox';
import type { App, ServerDeps } from '../platform/http/server.tsx';
import { here, inTerritory } from '../access/guard.tsx';
import { ErrorResponse, InseeParam, SirenParam, withErrors } from '../platform/http/schemas.ts';
import { UserError } from '../platform/http/errors.ts';
import { parisToday } from '../platform/clock.ts';
import * as catalogue from './service.ts';
import * as activity from './activity-service.ts';
import { IMPORT_KINDS, importCatalogueFile, type ImportKind } from './import-service.ts';
import { describeEligibility, DOMAINS, type EligibilityRule, subscriptionState, THEMES, type Domain, type Offer, type Subscription } from './model.ts';
import { communeGate, communeOf, referentFor } from './viewer.ts';
import { AccountOut, CardOut, IndicatorsOut, MeetingOut, NetworkOut, OfferDetailOut, OfferIn, OfferOut, PortalOut, ReferentOut, RequestOut, SessionOut, SubscriptionOut, TraineeOut, TrainingsOut, Uuid } from './api-schemas.ts';

const tags = ['Catalogue de services'];
const P = Type.Object({ siren: SirenParam });
const PO = Type.Object({ siren: SirenParam, offerId: Uuid });
const PS = Type.Object({ siren: SirenParam, subscriptionId: Uuid });
const PI = Type.Object({ siren: SirenParam, insee: InseeParam });
const Conflict = { 409: ErrorResponse };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const presentOffer = (o: Offer, provider: string) => ({
  ...o,
  provider,
  subItems: [...o.subItems],
  eligibility: o.eligibility.map((r) => (r.kind === 'collectivityKinds' ? { kind: r.kind, kinds: [...r.kinds] } : r.kind === 'list' ? { kind: r.kind, inseeCodes: [...r.inseeCodes] } : r)),
  eligibilityText: describeEligibility(o.eligibility),
});
const presentSubscription = (s: Subscription, today: string) => ({ ...s, state: subscriptionState(s, today) });

/** The catalogue's JSON API: validate → authorize → service → present. */
export function catalogueApi(app: App, deps: ServerDeps): void {
  const { db } = deps;
  inTerritory(app, deps, '/api/t/:siren', (t) => {
    t.get(
      '/catalogue/offres',
      {
        config: { access: 'catalogue.read' },
        schema: {
          tags,
          summary: "Le catalogue : les offres ouvertes ou en préparation, filtrées par domaine, et par éligibilité d'une commune (code INSEE)",
          params: P,
          querystring: Type.Object({ domaine: Type.Optional(Type.String({ enum: [...DOMAINS] })), commune: Type.Optional(InseeParam) }),
          response: withErrors({ 200: Type.Array(CardOut) }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('catalogue.read');
        const commune = request.query.commune ? await communeOf(db, h, request.query.commune, 'catalogue.read') : null;
        const cards = await catalogue.listCatalogue(db, h.ctx, { domain: request.query.domaine as Domain | undefined, collectivityId: commune?.id }, parisToday());
        return cards.map((c) => ({ offer: presentOffer(c.offer, c.provider), activeCommunes: c.activeCommunes, eligible: c.verdict?.eligible ?? null, reason: c.verdict?.reason ?? null, state: c.state }));
      },
    );

    t.get('/catalogue/offres/:offerId', { config: { access: 'catalogue.read' }, schema: { tags, summary: 'Une offre, et les communes qui l’utilisent', params: PO, response: withErrors({ 200: OfferDetailOut }) } }, async (request) => {
      const h = here(request);
      h.require('catalogue.read');
      const d = await catalogue.offerDetail(db, h.ctx, request.params.offerId, parisToday());
      return { offer: presentOffer(d.offer, d.provider), users: [...d.users], sessions: d.sessions, meetings: d.meetings };
    });

    t.post('/catalogue/offres', { config: { access: 'catalogue.manage' }, schema: { tags, summary: 'Ajoute une offre au catalogue', params: P, body: OfferIn, response: withErrors({ 201: OfferOut, ...Conflict }) } }, async (request, reply) => {
      const h = here(request);
      h.require('catalogue.manage');
      const offer = await catalogue.createOffer(db, h.ctx, { ...request.body, eligibility: request.body.eligibility as EligibilityRule[] | undefined });
      return reply.status(201).send(presentOffer(offer, offer.providerService ?? ''));
    });

    t.get('/communes/:insee/services', { config: { access: 'catalogue.readCommune' }, preValidation: communeGate(db, 'catalogue.readCommune'), schema: { tags, summary: 'Le portail d’une commune : ce qu’elle utilise, ce qu’elle pourrait utiliser', params: PI, response: withErrors({ 200: PortalOut }) } }, async (request) => {
      const h = here(request);
      const commune = await communeOf(db, h, request.params.insee, 'catalogue.readCommune');
      const today = parisToday();
      const p = await catalogue.communePortal(db, h.ctx, commune.id, today);
      const brief = (l: { offer: Offer; verdict: { reason: string } }) => ({ offerId: l.offer.id, code: l.offer.code, title: l.offer.title, reason: l.verdict.reason });
      return {
        commune: { id: p.commune.id, name: p.commune.name, inseeCode: p.commune.inseeCode, population: p.commune.population },
        subscriptions: p.subscriptions.map((s) => ({ subscription: presentSubscription(s.subscription, today), offerCode: s.offer.code, offerTitle: s.offer.title, accounts: [...s.accounts] })),
        referents: [...p.referents],
        trainings: p.trainings.map((tr) => ({ session: tr.session, offerTitle: tr.offerTitle, trainees: [...tr.trainees] })),
        couldUse: p.couldUse.map(brief),
        notEligible: p.notEligible.map(brief),
      };
    });

    t.post(
      '/communes/:insee/services/demandes',
      {
        config: { access: 'catalogue.request' },
        preValidation: communeGate(db, 'catalogue.request'),
        schema: { tags, summary: "Demande d'adhésion d'une commune à une offre (éligibilité vérifiée, motif donné en cas de refus)", params: PI, body: Type.Object({ offerId: Uuid, note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false }), response: withErrors({ 201: SubscriptionOut, ...Conflict }) },
      },
      async (request, reply) => {
        const h = here(request);
        const commune = await communeOf(db, h, request.params.insee, 'catalogue.request');
        const today = parisToday();
        const s = await catalogue.requestSubscription(db, h.ctx, commune.id, request.body.offerId, request.body.note ?? null, today);
        return reply.status(201).send(presentSubscription(s, today));
      },
    );

    t.put(
      '/communes/:insee/referents/:theme',
      {
        config: { access: 'catalogue.manage' },
        schema: {
          tags,
          summary: 'Désigne (ou remplace) le référent d’une commune pour un thème',
          params: Type.Object({ siren: SirenParam, insee: InseeParam, theme: Type.String({ enum: [...THEMES] }) }),
          body: Type.Object({ name: Type.String({ maxLength: 120 }), position: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))) }, { additionalProperties: false }),
          response: withErrors({ 200: ReferentOut }),
        },
      },
      async (request) => {
        const h = here(request);
        const commune = await communeOf(db, h, request.params.insee, 'catalogue.manage');
        return activity.setReferent(db, h.ctx, commune.id, request.params.theme, request.body);
      },
    );

    t.get('/catalogue/demandes', { config: { access: 'catalogue.manage' }, schema: { tags, summary: "Les demandes d'adhésion à traiter, avec l'éligibilité vérifiée ce jour", params: P, response: withErrors({ 200: Type.Array(RequestOut) }) } }, async (request) => {
      const h = here(request);
      h.require('catalogue.manage');
      const today = parisToday();
      return (await catalogue.listRequests(db, h.ctx, today)).map((r) => ({ subscription: presentSubscription(r.subscription, today), offerCode: r.offer.code, offerTitle: r.offer.title, collectivity: r.collectivity.name, eligible: r.verdict.eligible, reason: r.verdict.reason }));
    });

    t.post(
      '/catalogue/demandes/:subscriptionId/acceptation',
      { config: { access: 'catalogue.manage' }, schema: { tags, summary: "Accepte une demande d'adhésion, active à partir de la date de début", params: PS, body: Type.Object({ startsOn: Type.String({ format: 'date' }), endsOn: Type.Optional(Nullable(Type.String({ format: 'date' }))) }, { additionalProperties: false }), response: withErrors({ 200: SubscriptionOut, ...Conflict }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        const today = parisToday();
        return presentSubscription(await catalogue.approveSubscription(db, h.ctx, request.params.subscriptionId, request.body, today), today);
      },
    );

    t.post(
      '/catalogue/demandes/:subscriptionId/refus',
      { config: { access: 'catalogue.manage' }, schema: { tags, summary: "Refuse une demande d'adhésion, avec le motif que la commune lira", params: PS, body: Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }), response: withErrors({ 200: SubscriptionOut, ...Conflict }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        const today = parisToday();
        return presentSubscription(await catalogue.refuseSubscription(db, h.ctx, request.params.subscriptionId, request.body.reason, today), today);
      },
    );

    t.post(
      '/catalogue/adhesions/:subscriptionId/fin',
      { config: { access: 'catalogue.manage' }, schema: { tags, summary: 'Met fin à une adhésion à une date', params: PS, body: Type.Object({ endsOn: Type.String({ format: 'date' }) }, { additionalProperties: false }), response: withErrors({ 200: SubscriptionOut, ...Conflict }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        return presentSubscription(await catalogue.endSubscription(db, h.ctx, request.params.subscriptionId, request.body.endsOn), parisToday());
      },
    );

    t.post(
      '/catalogue/adhesions/:subscriptionId/comptes',
      {
        config: { access: 'catalogue.manage' },
        schema: { tags, summary: "Ouvre des comptes d'accès sur une adhésion (un nombre, ou un titulaire nommé)", params: PS, body: Type.Object({ count: Type.Integer({ minimum: 1, maximum: 10_000 }), holderName: Type.Optional(Nullable(Type.String({ maxLength: 120 }))), openedOn: Type.String({ format: 'date' }) }, { additionalProperties: false }), response: withErrors({ 201: AccountOut, ...Conflict }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        return reply.status(201).send(await catalogue.openAccounts(db, h.ctx, request.params.subscriptionId, request.body));
      },
    );

    t.get('/catalogue/reseaux', { config: { access: 'catalogue.read' }, schema: { tags, summary: 'Les réseaux et événements : référents (coordonnées réservées) et réunions', params: P, response: withErrors({ 200: Type.Array(NetworkOut) }) } }, async (request) => {
      const h = here(request);
      h.require('catalogue.read');
      return (await activity.listNetworks(db, h.ctx)).map((n) => ({
        offerId: n.offer.id,
        code: n.offer.code,
        title: n.offer.title,
        theme: n.offer.theme,
        members: n.members.map((m) => ({ ...referentFor(h, m), commune: m.communeName })),
        meetings: n.meetings.map((m) => ({ ...m, attendance: [...m.attendance] })),
      }));
    });

    t.post(
      '/catalogue/offres/:offerId/reunions',
      {
        config: { access: 'catalogue.manage' },
        schema: {
          tags,
          summary: "Enregistre une réunion d'un réseau ou un événement, avec les présences par collectivité",
          params: PO,
          body: Type.Object(
            {
              heldOn: Type.String({ format: 'date' }),
              topic: Type.String({ maxLength: 300 }),
              place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
              outsideAttendees: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
              attendance: Type.Array(Type.Object({ collectivityId: Uuid, attendees: Type.Integer({ minimum: 1, maximum: 10_000 }) }, { additionalProperties: false }), { maxItems: 500 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: MeetingOut, ...Conflict }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        return reply.status(201).send(await activity.recordMeeting(db, h.ctx, request.params.offerId, request.body));
      },
    );

    t.get('/catalogue/formations', { config: { access: 'catalogue.manage' }, schema: { tags, summary: 'Les sessions de formation et les personnes formées (données personnelles)', params: P, response: withErrors({ 200: TrainingsOut }) } }, async (request) => {
      const h = here(request);
      h.require('catalogue.manage');
      const r = await activity.listTrainings(db, h.ctx);
      return { retentionMonths: r.retentionMonths, sessions: r.sessions.map((s) => ({ ...s, trainees: [...s.trainees] })) };
    });

    t.post(
      '/catalogue/formations',
      {
        config: { access: 'catalogue.manage' },
        schema: { tags, summary: 'Ajoute une session de formation à une offre', params: P, body: Type.Object({ offerId: Uuid, reference: Type.String({ maxLength: 40 }), topic: Type.String({ maxLength: 300 }), heldOn: Type.String({ format: 'date' }), place: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), trainer: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }, { additionalProperties: false }), response: withErrors({ 201: SessionOut, ...Conflict }) },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        return reply.status(201).send(await activity.createSession(db, h.ctx, request.body));
      },
    );

    t.post(
      '/catalogue/formations/:sessionId/stagiaires',
      {
        config: { access: 'catalogue.manage' },
        schema: {
          tags,
          summary: "Inscrit des personnes formées à une session (une collectivité du territoire, ou un organisme extérieur compté à part)",
          params: Type.Object({ siren: SirenParam, sessionId: Uuid }),
          body: Type.Object({ trainees: Type.Array(Type.Object({ name: Type.String({ maxLength: 120 }), role: Type.Optional(Nullable(Type.String({ maxLength: 200 }))), collectivityId: Type.Optional(Nullable(Uuid)), outsideBody: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
          response: withErrors({ 201: Type.Array(TraineeOut), ...Conflict }),
        },
      },
      async (request, reply) => {
        const h = here(request);
        h.require('catalogue.manage');
        return reply.status(201).send(await activity.addTrainees(db, h.ctx, request.params.sessionId, request.body.trainees));
      },
    );

    t.put(
      '/catalogue/conservation',
      { config: { access: 'catalogue.manage' }, schema: { tags, summary: 'Durée de conservation des noms des personnes formées, en mois (RGPD)', params: P, body: Type.Object({ months: Type.Integer({ minimum: 1, maximum: 120 }) }, { additionalProperties: false }), response: withErrors({ 200: Type.Object({ months: Type.Integer() }) }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        await activity.setRetention(db, h.ctx, request.body.months);
        return { months: request.body.months };
      },
    );

    t.post(
      '/catalogue/anonymisation',
      { config: { access: 'catalogue.manage' }, schema: { tags, summary: 'Anonymise les personnes formées dont la durée de conservation est échue (les comptes sont conservés)', params: P, body: Type.Object({ confirm: Type.Literal(true) }, { additionalProperties: false }), response: withErrors({ 200: Type.Object({ anonymised: Type.Integer() }) }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        return { anonymised: await activity.anonymiseDueTrainees(db, h.ctx, parisToday()) };
      },
    );

    t.get(
      '/catalogue/indicateurs/:year',
      { config: { access: 'catalogue.indicators' }, schema: { tags, summary: "Les indicateurs de l'année par offre, avec l'année précédente", params: Type.Object({ siren: SirenParam, year: Type.String({ pattern: '^\\d{4}$' }) }), response: withErrors({ 200: IndicatorsOut }) } },
      async (request) => {
        const h = here(request);
        h.require('catalogue.indicators');
        const r = await catalogue.catalogueYearIndicators(db, h.ctx, Number(request.params.year));
        return { year: r.year, offers: r.offers.map((o) => ({ ...o, figures: [...o.figures] })) };
      },
    );

    t.post(
      '/catalogue/import/:kind',
      {
        config: { access: 'catalogue.manage' },
        schema: {
          tags,
          summary: 'Importe des adhésions, des comptes ou des personnes formées (CSV en texte, ou XLSX en base64), tout ou rien',
          params: Type.Object({ siren: SirenParam, kind: Type.String({ enum: [...IMPORT_KINDS] }) }),
          body: Type.Object({ format: Type.String({ enum: ['csv', 'xlsx'] }), content: Type.String({ maxLength: 5_000_000, description: 'le CSV, ou le XLSX en base64' }) }, { additionalProperties: false }),
          response: withErrors({ 200: Type.Object({ kind: Type.String(), created: Type.Integer() }), 422: ErrorResponse }),
        },
      },
      async (request) => {
        const h = here(request);
        h.require('catalogue.manage');
        const bytes = request.body.format === 'csv' ? new TextEncoder().encode(request.body.content) : new Uint8Array(Buffer.from(request.body.content, 'base64'));
        if (bytes.length === 0) throw new UserError('Le champ « content » est vide.', 400, 'content');
        return importCatalogueFile(db, h.ctx, request.params.kind as ImportKind, bytes, parisToday());
      },
    );
  });
}
