import { Type, type TSchema } from '@sinclair/typebox';
import { COLLECTIVITY_KINDS } from '../territory/model.ts';
import { DOMAINS, OFFER_KINDS, OFFER_STATUSES, PRICINGS, THEMES } from './model.ts';
import { INDICATOR_KEYS } from './indicators.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Enum = (values: readonly string[], description?: string) => Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Day = Type.String({ format: 'date' });
export const Uuid = Type.String({ format: 'uuid' });
const Insee = Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$' });

export const EligibilityRuleSchema = Type.Union([
  Type.Object({ kind: Type.Literal('populationBelow'), threshold: Type.Integer({ minimum: 1, maximum: 10_000_000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('populationAtLeast'), threshold: Type.Integer({ minimum: 1, maximum: 10_000_000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('collectivityKinds'), kinds: Type.Array(Enum(COLLECTIVITY_KINDS), { minItems: 1, maxItems: 7 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('list'), inseeCodes: Type.Array(Insee, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
]);

const SubItemOut = Type.Object({ title: Type.String(), launchedOn: Nullable(Type.String()), launchPrecision: Nullable(Enum(['year', 'month', 'day'])) });

export const OfferOut = Type.Object({
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  kind: Enum(OFFER_KINDS),
  domain: Enum(DOMAINS),
  providerId: Uuid,
  provider: Type.String({ description: 'le fournisseur : la collectivité ou le service commun' }),
  launchedOn: Nullable(Type.String({ description: 'AAAA, AAAA-MM ou AAAA-MM-JJ selon la précision' })),
  launchPrecision: Nullable(Enum(['year', 'month', 'day'])),
  status: Enum(OFFER_STATUSES),
  subItems: Type.Array(SubItemOut),
  eligibility: Type.Array(EligibilityRuleSchema),
  eligibilityText: Type.String(),
  pricing: Enum(PRICINGS),
  allocationKey: Nullable(Type.String({ description: 'clé de répartition (module de refacturation, à venir)' })),
  contact: Nullable(Type.String()),
  theme: Nullable(Enum(THEMES)),
});

export const CardOut = Type.Object({
  offer: OfferOut,
  activeCommunes: Type.Integer(),
  eligible: Nullable(Type.Boolean()),
  reason: Nullable(Type.String()),
  state: Nullable(Type.String()),
});

export const OfferDetailOut = Type.Object({
  offer: OfferOut,
  users: Type.Array(Type.Object({ collectivityId: Uuid, name: Type.String(), inseeCode: Nullable(Type.String()), since: Day, accounts: Type.Integer() })),
  sessions: Type.Integer(),
  meetings: Type.Integer(),
});

export const SubscriptionOut = Type.Object({
  id: Uuid,
  offerId: Uuid,
  collectivityId: Uuid,
  status: Enum(['requested', 'approved', 'refused']),
  state: Enum(['requested', 'refused', 'approved', 'active', 'ended'], 'requested : demandée ; refused : refusée ; approved : acceptée, à venir ; active ; ended : terminée'),
  requestedOn: Day,
  requestNote: Nullable(Type.String()),
  decidedOn: Nullable(Day),
  refusalReason: Nullable(Type.String()),
  startsOn: Nullable(Day),
  endsOn: Nullable(Day),
});

export const RequestOut = Type.Object({ subscription: SubscriptionOut, offerCode: Type.String(), offerTitle: Type.String(), collectivity: Type.String(), eligible: Type.Boolean(), reason: Type.String() });

export const AccountOut = Type.Object({ id: Uuid, subscriptionId: Uuid, count: Type.Integer(), holderName: Nullable(Type.String()), openedOn: Day, closedOn: Nullable(Day) });
export const ReferentOut = Type.Object({ id: Uuid, collectivityId: Uuid, theme: Enum(THEMES), name: Type.String(), position: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()) });
const TraineeOut = Type.Object({ id: Uuid, sessionId: Uuid, name: Nullable(Type.String({ description: 'null une fois anonymisée' })), role: Nullable(Type.String()), collectivityId: Nullable(Uuid), outsideBody: Nullable(Type.String()), anonymisedOn: Nullable(Day) });
const SessionOut = Type.Object({ id: Uuid, offerId: Uuid, reference: Type.String(), topic: Type.String(), heldOn: Day, place: Nullable(Type.String()), trainer: Nullable(Type.String()) });

export const PortalOut = Type.Object({
  commune: Type.Object({ id: Uuid, name: Type.String(), inseeCode: Nullable(Type.String()), population: Nullable(Type.Integer()) }),
  subscriptions: Type.Array(Type.Object({ subscription: SubscriptionOut, offerCode: Type.String(), offerTitle: Type.String(), accounts: Type.Array(AccountOut) })),
  referents: Type.Array(ReferentOut),
  trainings: Type.Array(Type.Object({ session: SessionOut, offerTitle: Type.String(), trainees: Type.Array(TraineeOut) })),
  couldUse: Type.Array(Type.Object({ offerId: Uuid, code: Type.String(), title: Type.String(), reason: Type.String() })),
  notEligible: Type.Array(Type.Object({ offerId: Uuid, code: Type.String(), title: Type.String(), reason: Type.String() })),
});

export const NetworkOut = Type.Object({
  offerId: Uuid,
  code: Type.String(),
  title: Type.String(),
  theme: Nullable(Enum(THEMES)),
  members: Type.Array(Type.Object({ collectivityId: Uuid, commune: Type.String(), name: Type.String(), position: Nullable(Type.String()), email: Nullable(Type.String({ description: 'réservé à la commune et à l’équipe de mutualisation' })), phone: Nullable(Type.String()) })),
  meetings: Type.Array(Type.Object({ id: Uuid, heldOn: Day, topic: Type.String(), place: Nullable(Type.String()), outsideAttendees: Type.Integer(), total: Type.Integer(), attendance: Type.Array(Type.Object({ collectivityId: Uuid, name: Type.String(), attendees: Type.Integer() })) })),
});

export const MeetingOut = Type.Object({ id: Uuid, offerId: Uuid, heldOn: Day, topic: Type.String(), place: Nullable(Type.String()), outsideAttendees: Type.Integer() });

export const TrainingsOut = Type.Object({
  retentionMonths: Type.Integer(),
  sessions: Type.Array(Type.Object({ session: SessionOut, offerTitle: Type.String(), anonymisedFrom: Day, trainees: Type.Array(Type.Composite([TraineeOut, Type.Object({ body: Type.String() })])) })),
});
export { SessionOut, TraineeOut };

export const IndicatorsOut = Type.Object({
  year: Type.Integer(),
  offers: Type.Array(
    Type.Object({
      offerId: Uuid,
      code: Type.String(),
      title: Type.String(),
      figures: Type.Array(Type.Object({ key: Enum(INDICATOR_KEYS), label: Type.String(), value: Type.Integer(), previous: Type.Integer({ description: "l'année précédente" }) })),
    }),
  ),
});

export const OfferIn = Type.Object(
  {
    code: Type.String({ maxLength: 40 }),
    title: Type.String({ maxLength: 160 }),
    description: Type.String({ maxLength: 4000 }),
    kind: Enum(OFFER_KINDS),
    domain: Enum(DOMAINS),
    providerId: Uuid,
    providerService: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    launchedOn: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'AAAA, AAAA-MM ou AAAA-MM-JJ' }))),
    status: Type.Optional(Enum(OFFER_STATUSES)),
    pricing: Type.Optional(Enum(PRICINGS)),
    allocationKey: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    contact: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    theme: Type.Optional(Nullable(Enum(THEMES))),
    eligibility: Type.Optional(Type.Array(EligibilityRuleSchema, { maxItems: 4 })),
    subItems: Type.Optional(Type.Array(Type.Object({ title: Type.String({ maxLength: 200 }), launchedOn: Nullable(Type.String({ maxLength: 10 })) }, { additionalProperties: false }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);
