import type { Static } from '@sinclair/typebox';
import type { SchemeSchema } from './api-schemas.ts';
import type { AgreementDetail, AgreementSummary, CompensationLine, RegisterView } from './view-service.ts';

// Shapes of the JSON API (api-schemas.ts), from the read models.

export const presentSummary = (s: AgreementSummary) => ({
  id: s.agreement.id,
  reference: s.agreement.reference,
  object: s.agreement.object,
  serviceId: s.agreement.serviceId,
  serviceName: s.serviceName,
  signedOn: s.agreement.signedOn,
  inForceFrom: s.agreement.inForceFrom,
  endsOn: s.agreement.endsOn,
  status: s.status,
  inForceOn: s.inForceOn,
  parties: s.parties.map((p) => ({ ...p })),
  approvals: s.state.approved.map((a) => ({ collectivityId: a.collectivityId, body: a.body, approvedOn: a.approvedOn, deliberationReference: a.deliberationReference, deliberationId: a.deliberationId })),
  missing: [...s.state.missing],
  amendmentCount: s.amendmentCount,
});

export const presentService = (s: RegisterView['services'][number]) => ({
  id: s.id,
  kind: s.kind,
  reference: s.reference,
  name: s.name,
  theme: s.theme,
  managingCollectivityId: s.managingCollectivityId,
  managingName: s.managingName,
  createdOn: s.createdOn,
  createdOnPrecision: s.createdOnPrecision,
  activities: s.activities,
  status: s.status,
  note: s.note,
  participants: s.participants.map((p) => ({ collectivityId: p.collectivityId, name: p.name, validFrom: p.validFrom, validTo: p.validTo })),
  agreements: s.agreements.map(presentSummary),
});

const fte = (hundredths: number) => (hundredths / 100).toFixed(2);

export const presentDetail = (d: AgreementDetail) => ({
  agreement: presentSummary(d.summary),
  amendments: d.amendments.map((a) => ({
    id: a.amendment.id,
    number: a.amendment.number,
    object: a.amendment.object,
    signedOn: a.amendment.signedOn,
    effectiveFrom: a.amendment.effectiveFrom,
    chargingScheme: a.amendment.chargingScheme as unknown as Static<typeof SchemeSchema>,
    workUnit: a.amendment.workUnit,
    forecastUnits: a.amendment.forecastUnits,
    impactSheet: a.amendment.impactSheet,
    staffCommitteeOpinionOn: a.amendment.staffCommitteeOpinionOn,
    staffCommitteeOpinion: a.amendment.staffCommitteeOpinion,
    participants: a.participants.map((p) => ({ collectivityId: p.collectivityId, name: p.name, paymentRoute: p.paymentRoute, installments: [...p.installments] })),
    approvals: a.state.approved.map((x) => ({ collectivityId: x.collectivityId, body: x.body, approvedOn: x.approvedOn, deliberationReference: x.deliberationReference, deliberationId: x.deliberationId })),
    missing: [...a.state.missing],
    approvedOn: a.state.completeOn,
  })),
  amendmentInForce: d.amendmentInForce?.number ?? null,
  committee: d.committee
    ? { name: d.committee.name, members: d.committee.members.map((m) => ({ collectivityId: m.collectivityId, collectivityName: m.collectivityName, name: m.name, role: m.role })), meetings: d.committee.meetings.map((m) => ({ heldOn: m.heldOn, agenda: m.agenda, decisions: [...m.decisions] })) }
    : null,
  staffTotals: d.staffTotals.map((t) => ({ originCollectivityId: t.originCollectivityId, originName: t.originName, status: t.status, headcount: t.headcount, fte: fte(t.fteHundredths), yearlyCostCents: t.yearlyCostCents })),
  staff: d.staff
    ? d.staff.map((s) => ({ id: s.id, originCollectivityId: s.originCollectivityId, originName: s.originName, post: s.post, agentName: s.agentName, status: s.status, fte: s.fte, yearlyCostCents: s.yearlyCostCents, validFrom: s.validFrom }))
    : null,
});

export const presentCompensation = (l: CompensationLine) => ({
  communeId: l.communeId,
  name: l.name,
  inseeCode: l.inseeCode,
  year: l.year,
  clectAmountCents: l.clectAmountCents,
  clectReportOn: l.allocation.clectReportOn,
  deductionsCents: l.deductionsCents,
  netCents: l.netCents,
  monthlyCents: [...l.monthlyCents],
  dueByCommune: l.dueByCommune,
  deductions: l.deductions.map((d) => ({ serviceId: d.serviceId, serviceName: d.serviceName, amountCents: d.amountCents, source: d.source, label: d.label })),
});
