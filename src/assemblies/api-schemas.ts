import { Type } from '@sinclair/typebox';
import { BODY_KINDS, CIVILITIES, ITEM_KINDS, MANDATE_ROLES, SEATS, VOTE_CHOICES, VOTE_MODES } from './model.ts';
import type { ItemAttendance, MemberView } from './sitting-state.ts';
import type { SittingOverview } from './live-service.ts';
import type { MandateView } from './service.ts';

export const Uuid = (description: string) => Type.String({ format: 'uuid', description });
const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ format: 'date' });

export const BodyOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String({ enum: [...BODY_KINDS] }),
  name: Type.String(),
  communeId: nullable(Type.String()),
  seats: Type.Union([Type.Integer(), Type.Null()]),
  note: nullable(Type.String()),
});

export const RuleSetOut = Type.Object({
  validFrom: DateString,
  validTo: nullable(DateString),
  label: Type.String(),
  legalBasis: Type.String(),
  quorumNumerator: Type.Integer(),
  quorumDenominator: Type.Integer(),
  quorumComparison: Type.String({ enum: ['moreThan', 'atLeast'] }),
  proxiesCountTowardQuorum: Type.Boolean(),
  maxProxiesPerHolder: Type.Integer(),
  convocationDays: Type.Integer(),
  urgencyMinDays: Type.Integer(),
  secondConvocationDays: Type.Integer(),
  proxyMaxSittings: Type.Integer(),
  explanatoryNoteRequired: Type.Boolean(),
});

export const MemberOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  civility: Type.String({ enum: [...CIVILITIES] }),
  firstName: Type.String(),
  lastName: Type.String(),
  name: Type.String({ description: 'tel que le registre l’imprime : « M. Gilles ARTIGUES »' }),
});

export const MandateOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  member: MemberOut,
  communeName: nullable(Type.String()),
  role: Type.String({ enum: [...MANDATE_ROLES] }),
  seat: Type.String({ enum: [...SEATS] }),
  validFrom: DateString,
  validTo: nullable(DateString),
  rank: Type.Union([Type.Integer(), Type.Null()]),
});

export const NewMandateIn = Type.Object(
  {
    civility: Type.String({ enum: [...CIVILITIES] }),
    firstName: Type.String({ minLength: 1, maxLength: 100 }),
    lastName: Type.String({ minLength: 1, maxLength: 100 }),
    communeInsee: Type.Optional(Type.Union([Type.String({ pattern: '^(\\d{5}|2[AB]\\d{3})$' }), Type.Null()])),
    role: Type.String({ enum: [...MANDATE_ROLES] }),
    seat: Type.String({ enum: [...SEATS] }),
    validFrom: DateString,
    validTo: Type.Optional(Type.Union([DateString, Type.Null()])),
    rank: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 10000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const NewSittingIn = Type.Object(
  {
    date: DateString,
    time: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'heure de Paris, HH:MM' }),
    place: Type.String({ minLength: 1, maxLength: 200 }),
    convokedOn: Type.String({ format: 'date', description: "date d'envoi de la convocation" }),
    urgency: Type.Optional(Type.Boolean()),
    urgencyReason: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    explanatoryNoteSent: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const VoteIn = Type.Object(
  {
    noted: Type.Optional(Type.Boolean({ description: 'prend acte (point sans vote)' })),
    mode: Type.Optional(Type.String({ enum: [...VOTE_MODES] })),
    for: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    against: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    abstain: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    notVoting: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
    presidentChoice: Type.Optional(Type.Union([Type.String({ enum: [...VOTE_CHOICES] }), Type.Null()])),
    choices: Type.Optional(Type.Array(Type.Object({ memberId: Uuid('membre'), choice: Type.String({ enum: [...VOTE_CHOICES] }) }, { additionalProperties: false }), { maxItems: 2000 })),
  },
  { additionalProperties: false },
);

export const VoteOut = Type.Object({
  mode: nullable(Type.String({ enum: [...VOTE_MODES] })),
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  notVoting: Type.Integer(),
  presidentChoice: nullable(Type.String()),
  result: Type.String({ enum: ['adopted', 'rejected', 'noted'] }),
  resultText: Type.String(),
  quorumText: Type.String(),
});

const PresentOut = Type.Object({ ...MemberOut.properties, substituteFor: Type.Union([MemberOut, Type.Null()]) });

export const AttendanceOut = Type.Object({
  itemId: Type.String({ format: 'uuid' }),
  position: Type.Integer(),
  title: Type.String(),
  kind: Type.String({ enum: [...ITEM_KINDS] }),
  inOffice: Type.Array(MemberOut),
  present: Type.Array(PresentOut, { description: 'dans l’ordre du registre' }),
  proxies: Type.Array(Type.Object({ giver: MemberOut, holder: MemberOut })),
  excused: Type.Array(MemberOut),
  absent: Type.Array(MemberOut),
  withdrawn: Type.Array(MemberOut, { description: 'ne prennent pas part (intérêt personnel), non comptés' }),
  secretary: Type.Union([MemberOut, Type.Null()]),
  president: Type.Union([MemberOut, Type.Null()]),
  counts: Type.Object({ inOffice: Type.Integer(), present: Type.Integer(), represented: Type.Integer(), votingPower: Type.Integer({ description: 'nombre de voix' }) }),
  quorum: Type.Union([Type.Object({ required: Type.Union([Type.Integer(), Type.Null()]), counted: Type.Integer(), reached: Type.Boolean(), text: Type.String() }), Type.Null()]),
  rule: Type.Union([Type.Object({ label: Type.String(), legalBasis: Type.String() }), Type.Null()]),
  vote: Type.Union([VoteOut, Type.Null()]),
});

export const SittingOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  bodyId: Type.String({ format: 'uuid' }),
  bodyName: Type.String(),
  date: DateString,
  startsAt: Type.String({ format: 'date-time' }),
  place: Type.String(),
  convokedOn: DateString,
  urgency: Type.Boolean(),
  urgencyReason: nullable(Type.String()),
  convocation: Type.String({ enum: ['first', 'second'] }),
  firstSittingId: nullable(Type.String()),
  status: Type.String({ enum: ['planned', 'open', 'closed'] }),
});

export const member = (m: MemberView) => ({ id: m.id, civility: m.civility, firstName: m.firstName, lastName: m.lastName, name: m.name });

export function presentAttendance(a: ItemAttendance) {
  const v = a.vote;
  return {
    itemId: a.itemId,
    position: a.position,
    title: a.title,
    kind: a.kind,
    inOffice: a.inOffice.map(member),
    present: a.present.map((m) => ({ ...member(m), substituteFor: m.substituteFor ? member(m.substituteFor) : null })),
    proxies: a.proxies.map((p) => ({ giver: member(p.giver), holder: member(p.holder) })),
    excused: a.excused.map(member),
    absent: a.absent.map(member),
    withdrawn: a.withdrawn.map(member),
    secretary: a.secretary ? member(a.secretary) : null,
    president: a.president ? member(a.president) : null,
    counts: a.counts,
    quorum: a.quorum,
    rule: a.rule,
    vote: v ? { mode: v.mode, ...v.counts, presidentChoice: v.presidentChoice, result: v.result, resultText: v.resultText, quorumText: v.quorumText } : null,
  };
}

export function presentMandate(m: MandateView) {
  return { id: m.id, member: { ...m.member, name: `${m.member.civility} ${m.member.firstName} ${m.member.lastName.toLocaleUpperCase('fr-FR')}` }, communeName: m.communeName, role: m.role, seat: m.seat, validFrom: m.validFrom, validTo: m.validTo, rank: m.rank };
}

export function presentSitting(o: Pick<SittingOverview, 'state'>) {
  const s = o.state.sitting;
  return { id: s.id, bodyId: s.bodyId, bodyName: o.state.body.name, date: s.date, startsAt: s.startsAt, place: s.place, convokedOn: s.convokedOn, urgency: s.urgency, urgencyReason: s.urgencyReason, convocation: s.convocation, firstSittingId: s.firstSittingId, status: s.status };
}
