import { Type, type TSchema } from '@sinclair/typebox';
import * as v from './decp-vocabulary.ts';
import { CONSUMPTION_KINDS, COORDINATOR_MISSIONS, GROUP_STATUSES, SCOPES } from './model.ts';
import { FIGURE_KEYS } from './statistics.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Enum = (values: readonly string[], description?: string) => Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Day = Type.String({ format: 'date' });
export const Uuid = Type.String({ format: 'uuid' });

export const GroupOut = Type.Object({
  id: Uuid,
  reference: Type.String(),
  object: Type.String(),
  scopes: Type.Array(Enum(SCOPES)),
  categories: Type.Array(Type.String()),
  status: Enum(GROUP_STATUSES, 'forming : en cours de constitution ; active : constitué ; closed : clos'),
  coordinatorId: Uuid,
  coordinator: Type.String(),
  coordinatorMission: Enum(COORDINATOR_MISSIONS),
  agreementSignedOn: Nullable(Day),
  agreementDurationMonths: Nullable(Type.Integer()),
  launchedOn: Nullable(Day),
  closedOn: Nullable(Day),
  memberCount: Type.Integer(),
});

export const MemberOut = Type.Object({
  id: Uuid,
  collectivityId: Uuid,
  name: Type.String(),
  kind: Type.String(),
  inseeCode: Nullable(Type.String()),
  approvalBody: Nullable(Type.String()),
  approvalDate: Nullable(Day),
  approvalReference: Nullable(Type.String()),
  deliberationId: Nullable(Uuid),
});

export const NeedLineOut = Type.Object({
  collectivityId: Uuid,
  hidden: Type.Boolean({ description: 'vrai quand votre rôle ne permet pas de voir les chiffres de ce membre' }),
  quantity: Nullable(Type.String({ description: 'quantité décimale exacte' })),
  estimatedCents: Nullable(Type.Integer({ description: 'montant estimé HT, en centimes' })),
  comment: Nullable(Type.String()),
});

export const LotOut = Type.Object({ id: Uuid, number: Type.Integer(), title: Type.String(), unit: Nullable(Type.String()) });

export const ContractSummaryOut = Type.Object({
  id: Uuid,
  reference: Type.String(),
  object: Type.String(),
  groupId: Nullable(Uuid),
  sharedDirection: Nullable(Type.String()),
  buyerSiret: Type.String(),
  buyer: Type.String(),
  notifiedOn: Day,
  amountCents: Type.Integer({ description: 'montant HT initial, en centimes' }),
});

export const GroupDetailOut = Type.Object({
  group: GroupOut,
  members: Type.Array(MemberOut),
  lots: Type.Array(Type.Object({ lot: LotOut, lines: Type.Array(NeedLineOut), totalQuantity: Nullable(Type.String()), totalCents: Type.Integer(), declared: Type.Integer() })),
  missing: Type.Array(Type.Object({ collectivityId: Uuid, name: Type.String() }), { description: 'membres qui n’ont encore déclaré aucun besoin' }),
  contracts: Type.Array(
    Type.Object({ contract: ContractSummaryOut, amountInForceCents: Type.Integer(), consumedCents: Type.Integer(), beyondCeiling: Type.Boolean({ description: 'consommation au-delà du montant HT en vigueur' }) }),
  ),
});

const Supplier = Type.Object({ identifier: Type.String({ maxLength: 40 }), identifierType: Enum(v.IDENTIFIER_TYPES), name: Nullable(Type.String({ maxLength: 300 })) }, { additionalProperties: false });

/** A contract as the API takes it: every DECP v2 field; the buyer's SIRET comes from the register. */
export const ContractIn = Type.Object(
  {
    reference: Type.String({ maxLength: 16, description: 'identifiant DECP : numéro interne de l’acheteur' }),
    groupId: Type.Optional(Nullable(Uuid)),
    lotId: Type.Optional(Nullable(Uuid)),
    sharedDirection: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    buyerId: Uuid,
    nature: Enum(v.NATURES),
    object: Type.String({ maxLength: 1000 }),
    cpvCode: Type.String({ maxLength: 10 }),
    procedure: Enum(v.PROCEDURES),
    techniques: Type.Array(Enum(v.TECHNIQUES), { minItems: 1, maxItems: 7 }),
    executionMethods: Type.Array(Enum(v.EXECUTION_METHODS), { minItems: 1, maxItems: 4 }),
    frameworkAgreementId: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
    innovative: Type.Boolean(),
    ccag: Enum(v.CCAGS),
    offersReceived: Type.Integer({ minimum: 1, maximum: 10000 }),
    advancePaid: Type.Boolean(),
    advanceRate: Type.Optional(Nullable(Type.String({ maxLength: 10, description: 'part entre 0 et 1, ex. "0.05"' }))),
    operatorGrouping: Enum(v.OPERATOR_GROUPINGS),
    subcontractingDeclared: Type.Boolean(),
    placeCode: Type.String({ maxLength: 20 }),
    placeCodeType: Enum(v.PLACE_CODE_TYPES),
    durationMonths: Type.Integer({ minimum: 1, maximum: 1200 }),
    notifiedOn: Day,
    dataPublishedOn: Type.Optional(Nullable(Day)),
    amountCents: Type.Integer({ minimum: 100, description: 'montant HT, en centimes' }),
    priceForm: Enum(v.PRICE_FORMS),
    priceTypes: Type.Array(Enum(v.PRICE_TYPES), { minItems: 1, maxItems: 4 }),
    originEu: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    originFrance: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    socialConsiderations: Type.Array(Enum(v.SOCIAL_CONSIDERATIONS), { minItems: 1, maxItems: 4 }),
    environmentalConsiderations: Type.Array(Enum(v.ENVIRONMENTAL_CONSIDERATIONS), { minItems: 1, maxItems: 3 }),
    suppliers: Type.Array(Supplier, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const ContractOut = Type.Object({
  contract: Type.Object({ ...ContractSummaryOut.properties, ...Type.Omit(ContractIn, ['groupId', 'lotId', 'sharedDirection', 'buyerId', 'reference', 'object', 'amountCents', 'notifiedOn']).properties, lotId: Nullable(Uuid), buyerId: Nullable(Uuid), source: Type.String() }),
  amountInForceCents: Type.Integer(),
  durationInForceMonths: Type.Integer(),
  modifications: Type.Array(Type.Object({ seq: Type.Integer(), notifiedOn: Day, publishedOn: Day, amountCents: Nullable(Type.Integer()), durationMonths: Nullable(Type.Integer()), object: Nullable(Type.String()) })),
  consumption: Type.Object({
    totalCents: Type.Integer(),
    ceilingCents: Type.Integer(),
    beyondCeiling: Type.Boolean(),
    members: Type.Array(Type.Object({ name: Type.String(), hidden: Type.Boolean(), consumedCents: Nullable(Type.Integer()), neededCents: Nullable(Type.Integer()), overNeed: Type.Boolean() })),
    rows: Type.Array(Type.Object({ member: Type.String(), period: Type.String(), kind: Enum(CONSUMPTION_KINDS), amountCents: Type.Integer(), reference: Nullable(Type.String()) })),
  }),
  publication: Type.Object({ must: Type.Boolean(), basis: Type.String(), thresholdCents: Type.Union([Type.Integer(), Type.Null()]) }),
});

const FigureOut = Type.Object({ value: Type.Integer(), rule: Type.String({ description: 'règle de compte' }), rows: Type.Array(Type.Record(Type.String(), Type.Unknown())) });
export const StatisticsOut = Type.Object({
  year: Type.Integer(),
  ...Object.fromEntries(FIGURE_KEYS.map((k) => [k, FigureOut])),
  amountFromGroupsCents: Type.Integer(),
  amountBySharedDirectionsCents: Type.Integer(),
  amountNotifiedCents: Type.Integer(),
});
