import { Type, type TSchema } from '@sinclair/typebox';
import { AGREEMENT_STATUS_LABELS, PAYMENT_ROUTES, SERVICE_KINDS, SERVICE_STATUSES, STAFF_STATUSES } from './model.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Enum = (values: readonly string[], description?: string) => Type.String({ enum: [...values], ...(description ? { description } : {}) });
export const Day = Type.String({ format: 'date' });
export const Uuid = Type.String({ format: 'uuid' });
const Percent = Type.String({ pattern: '^\\d{1,3}([.,]\\d{1,6})?$', description: 'pourcentage exact, ex. « 33,333333 »' });

export const InstallmentIn = Type.Object({ dueOn: Type.String({ pattern: '^\\d{2}-\\d{2}$', description: 'échéance dans l’année, MM-JJ' }), percent: Percent }, { additionalProperties: false });

const Rule = Type.Union([
  Type.Object({ kind: Type.Literal('fixed'), shares: Type.Array(Type.Object({ collectivityId: Uuid, percent: Percent }, { additionalProperties: false }), { minItems: 1, maxItems: 200 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('driver'), driver: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('units'), unit: Type.String({ maxLength: 80 }), notifiedUnitCents: Type.Integer({ minimum: 1, maximum: 1e12 }), notifiedOn: Day }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('direct') }, { additionalProperties: false }),
]);

export const SchemeSchema = Type.Object(
  {
    components: Type.Array(Type.Object({ percent: Percent, rule: Rule }, { additionalProperties: false }), { maxItems: 20 }),
    overheadPercent: Type.Optional(Percent),
  },
  { additionalProperties: false, description: 'annexe financière : règles de répartition (voir charging-scheme.ts)' },
);

export const ServiceIn = Type.Object(
  {
    kind: Enum(SERVICE_KINDS),
    reference: Type.String({ maxLength: 30 }),
    name: Type.String({ maxLength: 200 }),
    theme: Type.String({ maxLength: 80 }),
    managingCollectivityId: Type.Optional(Nullable(Uuid)),
    createdOn: Type.Optional(Nullable(Type.String({ maxLength: 10, description: '2015, 2017-02 ou 2018-07-01' }))),
    activities: Type.String({ maxLength: 4000 }),
    status: Enum(SERVICE_STATUSES),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    participants: Type.Array(Type.Object({ collectivityId: Uuid, validFrom: Day, validTo: Type.Optional(Nullable(Day)) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);

const ParticipantOut = Type.Object({ collectivityId: Uuid, name: Type.String(), validFrom: Day, validTo: Nullable(Day) });

export const ApprovalOut = Type.Object({ collectivityId: Uuid, body: Type.String(), approvedOn: Day, deliberationReference: Nullable(Type.String()), deliberationId: Nullable(Uuid) });

export const AgreementSummaryOut = Type.Object({
  id: Uuid,
  reference: Type.String(),
  object: Type.String(),
  serviceId: Nullable(Uuid),
  serviceName: Nullable(Type.String()),
  signedOn: Nullable(Day),
  inForceFrom: Nullable(Day),
  endsOn: Nullable(Day),
  status: Enum(Object.keys(AGREEMENT_STATUS_LABELS), 'pending, approved, inForce, ended'),
  inForceOn: Nullable(Day),
  parties: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  approvals: Type.Array(ApprovalOut),
  missing: Type.Array(Uuid, { description: "parties qui n'ont pas encore approuvé" }),
  amendmentCount: Type.Integer(),
});

export const ServiceOut = Type.Object({
  id: Uuid,
  kind: Enum(SERVICE_KINDS),
  reference: Type.String(),
  name: Type.String(),
  theme: Type.String(),
  managingCollectivityId: Uuid,
  managingName: Type.String(),
  createdOn: Nullable(Day),
  createdOnPrecision: Nullable(Enum(['year', 'month', 'day'])),
  activities: Type.String(),
  status: Enum(SERVICE_STATUSES),
  note: Nullable(Type.String()),
  participants: Type.Array(ParticipantOut),
  agreements: Type.Array(AgreementSummaryOut),
});

export const AmendmentIn = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 999 }),
    object: Type.String({ maxLength: 1000 }),
    signedOn: Type.Optional(Nullable(Day)),
    effectiveFrom: Day,
    chargingScheme: SchemeSchema,
    workUnit: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
    forecastUnits: Type.Optional(Nullable(Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,3})?$' }))),
    impactSheet: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
    staffCommitteeOpinionOn: Type.Optional(Nullable(Day)),
    staffCommitteeOpinion: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    participants: Type.Array(Type.Object({ collectivityId: Uuid, paymentRoute: Enum(PAYMENT_ROUTES), installments: Type.Array(InstallmentIn, { maxItems: 12 }) }, { additionalProperties: false }), { maxItems: 200 }),
  },
  { additionalProperties: false },
);

const AmendmentOut = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  object: Type.String(),
  signedOn: Nullable(Day),
  effectiveFrom: Day,
  chargingScheme: SchemeSchema,
  workUnit: Nullable(Type.String()),
  forecastUnits: Nullable(Type.String()),
  impactSheet: Nullable(Type.String()),
  staffCommitteeOpinionOn: Nullable(Day),
  staffCommitteeOpinion: Nullable(Type.String()),
  participants: Type.Array(Type.Object({ collectivityId: Uuid, name: Type.String(), paymentRoute: Enum(PAYMENT_ROUTES), installments: Type.Array(InstallmentIn) })),
  approvals: Type.Array(ApprovalOut),
  missing: Type.Array(Uuid),
  approvedOn: Nullable(Day),
});

const StaffTotalsOut = Type.Object({ originCollectivityId: Uuid, originName: Type.String(), status: Enum(STAFF_STATUSES), headcount: Type.Integer(), fte: Type.String(), yearlyCostCents: Type.Integer() });
const StaffOut = Type.Object({ id: Uuid, originCollectivityId: Uuid, originName: Type.String(), post: Type.String(), agentName: Nullable(Type.String()), status: Enum(STAFF_STATUSES), fte: Type.String(), yearlyCostCents: Type.Integer(), validFrom: Nullable(Day) });

export const AgreementDetailOut = Type.Object({
  agreement: AgreementSummaryOut,
  amendments: Type.Array(AmendmentOut),
  amendmentInForce: Nullable(Type.Integer({ description: "numéro de l'avenant en vigueur à la date" })),
  committee: Nullable(
    Type.Object({
      name: Type.String(),
      members: Type.Array(Type.Object({ collectivityId: Uuid, collectivityName: Type.String(), name: Type.String(), role: Type.String() })),
      meetings: Type.Array(Type.Object({ heldOn: Day, agenda: Type.String(), decisions: Type.Array(Type.String()) })),
    }),
  ),
  staffTotals: Type.Array(StaffTotalsOut),
  staff: Nullable(Type.Array(StaffOut, { description: 'lignes individuelles : finances, responsables de service et mission mutualisation seulement' })),
});

export const AgreementIn = Type.Object(
  {
    serviceId: Nullable(Uuid),
    reference: Type.String({ maxLength: 40 }),
    object: Type.String({ maxLength: 2000 }),
    signedOn: Type.Optional(Nullable(Day)),
    inForceFrom: Type.Optional(Nullable(Day)),
    endsOn: Type.Optional(Nullable(Day)),
    partyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const ApprovalIn = Type.Object(
  {
    collectivityId: Uuid,
    body: Type.String({ maxLength: 120 }),
    approvedOn: Day,
    deliberationReference: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
    deliberationId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const StaffIn = Type.Object(
  {
    originCollectivityId: Uuid,
    post: Type.String({ maxLength: 200 }),
    agentName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    status: Enum(STAFF_STATUSES),
    fte: Type.String({ pattern: '^\\d([.,]\\d{1,2})?$' }),
    yearlyCostCents: Type.Integer({ minimum: 0, maximum: 1e12 }),
    validFrom: Type.Optional(Nullable(Day)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);

export const CompensationOut = Type.Object({
  communeId: Uuid,
  name: Type.String(),
  inseeCode: Nullable(Type.String()),
  year: Type.Integer(),
  clectAmountCents: Type.Integer(),
  clectReportOn: Nullable(Day),
  deductionsCents: Type.Integer(),
  netCents: Type.Integer(),
  monthlyCents: Type.Array(Type.Integer()),
  dueByCommune: Type.Boolean(),
  deductions: Type.Array(Type.Object({ serviceId: Uuid, serviceName: Type.String(), amountCents: Type.Integer(), source: Type.String(), label: Type.String() })),
});

export const CompensationIn = Type.Object(
  {
    clectAmountCents: Type.Integer({ minimum: -1e13, maximum: 1e13 }),
    clectReportOn: Type.Optional(Nullable(Day)),
    deliberationReference: Type.Optional(Nullable(Type.String({ maxLength: 80 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
